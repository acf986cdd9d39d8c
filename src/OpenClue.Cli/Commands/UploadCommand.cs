using System.CommandLine;
using OpenClue.Cli.Buckets;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue upload FILE BUCKET/PATH</c>: put a dataset where the server reads it.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Local file to upload" };
        var target = new Argument<string>("BUCKET/PATH") { Description = "Bucket and path; a path ending in / (or none) keeps the file's name" };
        var command = new Command("upload", "Upload a file to a bucket (S3 when configured, the server's folder when --data-dir is named, else through the server's API)") { file, target };
        command.SetHandler(async context =>
        {
            var source = context.Value(file);
            if (!File.Exists(source)) throw CliException.Usage($"The file {source} does not exist.");
            var destination = BucketPath.Parse(context.Value(target));
            var key = destination.KeyFor(source);
            await context.Buckets.UploadAsync(source, destination.Bucket, key, context.Ct);
            var location = context.Buckets.Describe(destination.Bucket, key);
            if (context.Output.IsJson) context.Output.Json(new { bucket = destination.Bucket, path = key, location });
            else context.Output.Info($"Uploaded {source} to bucket '{destination.Bucket}' path '{key}' ({location})");
            return ExitCodes.Success;
        });
        return command;
    }
}
