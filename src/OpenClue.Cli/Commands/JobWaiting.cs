using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Commands;

/// <summary><c>--wait</c>: a live status line (with the percent done where the server knows it) while polling, then the
/// final resource and, if it failed, why.</summary>
internal static class JobWaiting
{
    public delegate Task<T> Waiter<T>(Action<T> onProgress, CancellationToken ct);

    public static Task<T> WaitAsync<T>(CliContext context, string label, Waiter<T> wait) where T : IJobResource =>
        WaitAsync(context, label, null, wait);

    /// <param name="follow">The command that picks the wait up again (named when Ctrl+C stops this one).</param>
    public static async Task<T> WaitAsync<T>(CliContext context, string label, string? follow, Waiter<T> wait) where T : IJobResource
    {
        using var line = context.StartStatus(label);
        try
        {
            var final = await wait(resource => line.Update(resource.Status, Running(resource)?.Progress, Running(resource)?.ProgressDetail), context.Ct);
            line.Finish(final.Status);
            return final;
        }
        catch (OperationCanceledException) when (context.Ct.IsCancellationRequested)
        {
            line.Dispose();
            throw new CliException(ExitCodes.Interrupted,
                $"Stopped waiting; {label.Trim()} keeps running on the server." + (follow is null ? "" : $" Follow it with `{follow}`."));
        }
    }

    private static IJobResource? Running(IJobResource resource) => JobStatus.IsFinished(resource.Status) ? null : resource;

    /// <summary>Prints the resource; a failed job also gets its fail message on stderr and exit code 1.</summary>
    public static int Report(CliContext context, IJobResource resource, object record)
    {
        context.Output.Resource(record);
        if (resource.Status != JobStatus.Failed) return ExitCodes.Success;
        context.Output.Error.WriteLine($"Error: '{resource.Name}' failed with {resource.FailMessage}. {FailMessages.Explain(resource)}");
        return ExitCodes.JobFailed;
    }
}
