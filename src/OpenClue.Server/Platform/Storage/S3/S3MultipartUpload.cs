using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// One upload of one object: initiated on the first full part, parts uploaded with retries, completed as the single
/// atomic step, or aborted. An object that never fills a part goes up as one PutObject instead (equally atomic, and
/// S3 refuses a multipart upload without parts). Every body is sent unchunked (<c>UseChunkEncoding = false</c>),
/// which s3rver needs and every S3 accepts.
/// </summary>
public sealed class S3MultipartUpload(IAmazonS3 s3, string bucket, string key, ResiliencePipeline pipeline, S3FailureMap failures)
{
    private readonly List<PartETag> _parts = [];
    private readonly Lock _gate = new();

    public string Location => $"{bucket}/{key}";
    public string? UploadId { get; private set; }

    public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        UploadId ??= await Run(async token => (await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, token)).UploadId, ct);
        var response = await Run(token => s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = UploadId,
            PartNumber = partNumber,
            PartSize = data.Length,
            InputStream = new ReadOnlyMemoryStream(data), // a fresh stream per attempt, so a retry resends the whole part
            UseChunkEncoding = false,
        }, token), ct);
        lock (_gate) _parts.Add(new PartETag(partNumber, response.ETag));
    }

    /// <summary>Makes the object visible: completes the multipart upload, or puts <paramref name="wholeObject"/> when no part was sent.</summary>
    public async Task CompleteAsync(ReadOnlyMemory<byte> wholeObject, CancellationToken ct)
    {
        if (UploadId is null)
        {
            await Run(token => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new ReadOnlyMemoryStream(wholeObject),
                AutoCloseStream = false,
                UseChunkEncoding = false,
            }, token), ct);
            return;
        }
        List<PartETag> parts;
        lock (_gate) parts = _parts.OrderBy(p => p.PartNumber).ToList();
        await Run(token => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = UploadId,
            PartETags = parts,
        }, token), ct);
    }

    /// <summary>Best effort: throws nothing, so the failure that caused the abort is the one reported.</summary>
    public async Task<bool> TryAbortAsync()
    {
        if (UploadId is null) return true;
        try
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = UploadId });
            return true;
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            return true; // already gone
        }
        catch (Exception)
        {
            return false;
        }
    }

    private async Task<T> Run<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await call(token), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw failures.Write(ex, Location);
        }
    }

    /// <summary>A read-only stream over a buffer, without copying it.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> data) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => _position = (int)Math.Clamp(value, 0, data.Length); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            ValueTask.FromResult(Read(buffer.Span));
        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => data.Length + offset,
        };
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
