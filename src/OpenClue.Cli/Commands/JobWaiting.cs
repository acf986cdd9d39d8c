using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Commands;

/// <summary><c>--wait</c>: a live status line while polling, then the final resource and, if it failed, why.</summary>
internal static class JobWaiting
{
    public delegate Task<T> Waiter<T>(Action<T> onProgress, CancellationToken ct);

    public static async Task<T> WaitAsync<T>(CliContext context, string label, Waiter<T> wait) where T : IJobResource
    {
        using var line = context.StartStatus(label);
        var final = await wait(resource => line.Update(resource.Status), context.Ct);
        line.Finish(final.Status);
        return final;
    }

    /// <summary>Prints the resource; a failed job also gets its fail message on stderr and exit code 1.</summary>
    public static int Report(CliContext context, IJobResource resource, object record)
    {
        context.Output.Resource(record);
        if (resource.Status != JobStatus.Failed) return ExitCodes.Success;
        context.Output.Error.WriteLine($"Error: '{resource.Name}' failed with {resource.FailMessage}. {FailMessages.Hint(resource.FailMessage)}");
        return ExitCodes.JobFailed;
    }
}
