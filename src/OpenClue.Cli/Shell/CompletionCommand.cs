using System.CommandLine;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Shell;

/// <summary>
/// <c>openclue completion bash|zsh|fish</c>: a script that asks <c>openclue</c> itself for completions through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so it never goes stale as commands are added.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script: eval \"$(openclue completion bash)\", or save it where your shell loads completions")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            Console.Out.Write(Script(parse.GetValue(shell)!));
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # openclue completion for bash: eval "$(openclue completion bash)" in ~/.bashrc
            _openclue_complete() {
                local IFS=$'\n'
                local candidates
                candidates=$(openclue "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
                COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
            }
            complete -o default -F _openclue_complete openclue

            """,
        "zsh" => """
            # openclue completion for zsh: eval "$(openclue completion zsh)" in ~/.zshrc (after compinit)
            _openclue() {
                local -a candidates
                candidates=("${(@f)$(openclue "[suggest:${#LBUFFER}]" "${LBUFFER}" 2>/dev/null)}")
                compadd -a candidates
            }
            compdef _openclue openclue

            """,
        "fish" => """
            # openclue completion for fish: openclue completion fish > ~/.config/fish/completions/openclue.fish
            function __openclue_complete
                set -l line (commandline -cp)
                openclue "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
            end
            complete -c openclue -f -a '(__openclue_complete)'

            """,
        _ => throw CliException.Usage($"No completion for '{shell}': use bash, zsh or fish."),
    };
}
