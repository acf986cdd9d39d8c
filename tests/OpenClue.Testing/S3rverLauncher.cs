using System.Diagnostics;
using System.Text;

namespace OpenClue.Testing;

/// <summary>
/// Starts a throwaway s3rver (the S3-compatible server .ci/run installs) on a free loopback port with its data in a
/// temporary folder, and kills and deletes it on dispose. Its key and secret are both <see cref="Key"/>.
/// The script run with node adds the two S3 operations s3rver 3.7.1 leaves out (it answers 501/405):
/// ListMultipartUploads (<c>GET /bucket?uploads</c>) and AbortMultipartUpload (<c>DELETE /bucket/key?uploadId=</c>),
/// both over s3rver's own upload folders (<c>{dir}/{bucket}/._S3rver_uploads/{id}/key</c>). Everything else is
/// plain s3rver.
/// </summary>
public sealed class S3rverLauncher : IDisposable
{
    public const string Key = "S3RVER";
    private const string UploadsFolder = "._S3rver_uploads";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private S3rverLauncher(Process process, string folder, string endpoint)
    {
        _process = process;
        Folder = folder;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>The temporary folder: the launch script, and s3rver's data under <c>data/</c>.</summary>
    public string Folder { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts s3rver and waits until it answers; throws when it is not installed or does not start.</summary>
    public static async Task<S3rverLauncher> StartAsync()
    {
        if (ComponentEnvironment.Missing(Component.S3rver) is { } missing) throw new InvalidOperationException(missing);
        var folder = ProcessRunner.TraversableTempDirectory("openclue-s3rver");
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var script = Path.Combine(folder, "launch-s3rver.js");
        await File.WriteAllTextAsync(script, Script);

        var port = ProcessRunner.FreePort();
        var info = new ProcessStartInfo(ComponentEnvironment.Node()!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // s3rver's ListObjectsV2 continuation tokens use DES, which Node 17+ (OpenSSL 3) only offers through the legacy provider.
        foreach (var a in new[] { "--openssl-legacy-provider", script, ComponentEnvironment.S3rverScript()!, data, "127.0.0.1", port.ToString() })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node");
        var launcher = new S3rverLauncher(process, folder, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => launcher.Append(e.Data);
        process.ErrorDataReceived += (_, e) => launcher.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await launcher.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            launcher.Dispose();
            throw;
        }
        return launcher;
    }

    /// <summary>Keys with an unfinished multipart upload, read from s3rver's own upload folders on disk.</summary>
    public IReadOnlyList<string> UnfinishedUploadKeys(string bucket)
    {
        var dir = Path.Combine(Folder, "data", bucket, UploadsFolder);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetDirectories(dir)
            .Select(d => Path.Combine(d, "key"))
            .Where(File.Exists)
            .Select(File.ReadAllText)
            .ToList();
    }

    private void Append(string? line)
    {
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync(Endpoint + "/");
                if ((int)response.StatusCode < 500) return; // any S3 answer (403 without a signature) means it is up
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"s3rver did not answer at {Endpoint} within {timeout}:\n{Log}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } catch (InvalidOperationException) { }
        }
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private const string Script = """
        'use strict';
        const path = require('path');
        const fs = require('fs');
        const [s3rverJs, directory, address, port] = process.argv.slice(2);
        const S3rver = require(path.resolve(path.dirname(s3rverJs), '..'));
        const escape = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const uploadsDir = bucket => path.join(directory, bucket, '._S3rver_uploads');
        const server = new S3rver({ directory, address, port: Number(port), silent: true, vhostBuckets: false });
        server.middleware.unshift(async (ctx, next) => {
          const segments = ctx.path.split('/').filter(s => s.length > 0);
          if (segments.length === 0) return next();
          const bucket = decodeURIComponent(segments[0]);
          if (ctx.method === 'GET' && segments.length === 1 && 'uploads' in ctx.query) {
            const prefix = ctx.query.prefix || '';
            const dir = uploadsDir(bucket);
            const uploads = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
            let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
              `<Bucket>${escape(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
              `<Prefix>${escape(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>`;
            for (const id of uploads) {
              const keyFile = path.join(dir, id, 'key');
              if (!fs.existsSync(keyFile)) continue;
              const key = fs.readFileSync(keyFile, 'utf8');
              if (!key.startsWith(prefix)) continue;
              const initiated = fs.statSync(keyFile).mtime.toISOString();
              xml += `<Upload><Key>${escape(key)}</Key><UploadId>${id}</UploadId><Initiated>${initiated}</Initiated></Upload>`;
            }
            ctx.type = 'application/xml';
            ctx.body = xml + '</ListMultipartUploadsResult>';
            return;
          }
          if (ctx.method === 'DELETE' && segments.length > 1 && typeof ctx.query.uploadId === 'string') {
            const dir = path.join(uploadsDir(bucket), path.basename(ctx.query.uploadId));
            if (!fs.existsSync(dir)) {
              ctx.status = 404;
              ctx.type = 'application/xml';
              ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>';
              return;
            }
            fs.rmSync(dir, { recursive: true, force: true });
            ctx.status = 204;
            return;
          }
          return next();
        });
        server.run((err, where) => {
          if (err) { console.error(err); process.exit(1); }
          console.log(`S3rver listening on ${where.address}:${where.port}`);
        });
        process.on('SIGTERM', () => process.exit(0));
        """;
}
