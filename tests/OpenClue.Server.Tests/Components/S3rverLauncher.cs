namespace OpenClue.Server.Tests.Components;

/// <summary>
/// The script the fixture runs with node: it starts the s3rver package found at the given s3rver.js, adding the two
/// S3 operations s3rver 3.7.1 leaves out (it answers 501/405): ListMultipartUploads (<c>GET /bucket?uploads</c>)
/// and AbortMultipartUpload (<c>DELETE /bucket/key?uploadId=</c>), both over s3rver's own upload folders
/// (<c>{dir}/{bucket}/._S3rver_uploads/{id}/key</c>). Everything else is plain s3rver.
/// </summary>
internal static class S3rverLauncher
{
    public const string UploadsFolder = "._S3rver_uploads";

    public const string Script = """
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
