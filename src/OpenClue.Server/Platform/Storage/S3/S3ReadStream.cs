using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// A forward-only read of one object, or of the byte range [start, endExclusive): GetObject is issued lazily on the
/// first read and its body streamed, never buffered. When the body breaks off (reset connection, timeout, short
/// body), the read resumes with a ranged GetObject from the current position, at most
/// <see cref="S3TransferOptions.MaxReadResumes"/> times in a row. Final failures come out through <see cref="S3FailureMap"/>.
/// </summary>
public sealed class S3ReadStream : Stream
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _key;
    private readonly long _start;
    private readonly long? _endExclusive;
    private readonly ResiliencePipeline _pipeline;
    private readonly S3FailureMap _failures;
    private readonly S3TransferOptions _options;

    private long _position;          // absolute offset in the object of the next byte to return
    private long? _bodyEnd;          // absolute offset where the current body ends
    private GetObjectResponse? _response;
    private Stream? _body;
    private bool _eof;
    private bool _disposed;

    public S3ReadStream(IAmazonS3 s3, string bucket, string key, long start, long? endExclusive,
        ResiliencePipeline pipeline, S3FailureMap failures, S3TransferOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (endExclusive < start) throw new ArgumentOutOfRangeException(nameof(endExclusive), "The range ends before it starts.");
        (_s3, _bucket, _key, _start, _endExclusive, _pipeline, _failures, _options) =
            (s3, bucket, key, start, endExclusive, pipeline, failures, options);
        _position = start;
        _eof = endExclusive == start;
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    /// <summary>Bytes returned so far.</summary>
    public override long Position { get => _position - _start; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _eof) return 0;
        var resumes = 0;
        while (true)
        {
            if (_body is null && !OpenAsync(CancellationToken.None).GetAwaiter().GetResult()) return 0;
            try
            {
                var n = _options.ReadStall > TimeSpan.Zero ? ReadGuarded(buffer) : _body!.Read(Limit(buffer));
                if (Advance(n)) return n;
            }
            catch (Exception ex) when (ex is not StorageException)
            {
                ThrowUnlessResumable(ex, ref resumes, CancellationToken.None);
                Thread.Sleep(ResumeDelay(resumes));
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _eof) return 0;
        var resumes = 0;
        while (true)
        {
            if (_body is null && !await OpenAsync(cancellationToken)) return 0;
            try
            {
                var n = await ReadGuardedAsync(Limit(buffer), cancellationToken);
                if (Advance(n)) return n;
            }
            catch (Exception ex) when (ex is not StorageException)
            {
                ThrowUnlessResumable(ex, ref resumes, cancellationToken);
                await Task.Delay(ResumeDelay(resumes), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A synchronous read bounded by <see cref="S3TransferOptions.ReadStall"/>: through the body's asynchronous read,
    /// which a token can abandon (a blocked socket read cannot be). A stall comes out as a <see cref="TimeoutException"/>,
    /// which resumes like a broken connection.
    /// </summary>
    private int ReadGuarded(Span<byte> buffer)
    {
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(Limit(buffer).Length);
        try
        {
            var n = ReadGuardedAsync(chunk.AsMemory(0, Limit(buffer).Length), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            chunk.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private async ValueTask<int> ReadGuardedAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (_options.ReadStall <= TimeSpan.Zero) return await _body!.ReadAsync(buffer, ct);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(_options.ReadStall);
        try
        {
            return await _body!.ReadAsync(buffer, stall.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"a read made no progress for {_options.ReadStall} (Limits:ReadStall)", ex);
        }
    }

    private Span<byte> Limit(Span<byte> buffer) =>
        _bodyEnd is { } end && end - _position < buffer.Length ? buffer[..(int)(end - _position)] : buffer;

    private Memory<byte> Limit(Memory<byte> buffer) =>
        _bodyEnd is { } end && end - _position < buffer.Length ? buffer[..(int)(end - _position)] : buffer;

    /// <summary>True when <paramref name="n"/> bytes (or the true end) can be returned; throws on a short body.</summary>
    private bool Advance(int n)
    {
        if (n > 0)
        {
            _position += n;
            if (_position == _endExclusive) _eof = true;
            return true;
        }
        if (_bodyEnd is { } end && _position < end)
            throw new IOException($"The body of {_bucket}/{_key} ended at byte {_position}, before {end}.");
        _eof = true;
        CloseBody();
        return true;
    }

    /// <summary>Called in a catch block: closes the broken body; rethrows cancellation, throws the mapped failure
    /// when the error is final or the resumes are used up, else returns to resume.</summary>
    private void ThrowUnlessResumable(Exception ex, ref int resumes, CancellationToken ct)
    {
        CloseBody();
        if (ex is OperationCanceledException && ct.IsCancellationRequested) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
        if (!S3Errors.IsTransient(ex, ct) || ++resumes > _options.MaxReadResumes)
            throw _failures.Read(ex, $"{_bucket}/{_key}");
    }

    private TimeSpan ResumeDelay(int resumes) =>
        TimeSpan.FromMilliseconds(Math.Min(_options.MaxDelay.TotalMilliseconds,
            _options.BaseDelay.TotalMilliseconds * Math.Pow(2, resumes - 1) * (0.5 + Random.Shared.NextDouble())));

    /// <summary>Issues the (ranged) GetObject from the current position; false when there is nothing to read there.</summary>
    private async Task<bool> OpenAsync(CancellationToken ct)
    {
        var request = new GetObjectRequest { BucketName = _bucket, Key = _key };
        if (_position > 0 || _endExclusive is not null)
            request.ByteRange = _endExclusive is { } end
                ? new ByteRange(_position, end - 1)
                : new ByteRange($"bytes={_position}-");
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (_options.ReadStall > TimeSpan.Zero) stall.CancelAfter(_options.ReadStall); // no answer at all is a stall too
        try
        {
            var response = await _pipeline.ExecuteAsync(async token => await _s3.GetObjectAsync(request, token), stall.Token);
            _response = response;
            _body = response.ResponseStream;
            _bodyEnd = response.ContentLength >= 0 ? _position + response.ContentLength : null;
            return true;
        }
        catch (Exception ex) when (S3Errors.IsRangeNotSatisfiable(ex))
        {
            _eof = true; // the range starts at or beyond the end of the object
            return false;
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested && stall.IsCancellationRequested)
        {
            throw _failures.Read(new TimeoutException($"no answer for {_options.ReadStall} (Limits:ReadStall)", ex), $"{_bucket}/{_key}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw _failures.Read(ex, $"{_bucket}/{_key}");
        }
    }

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
        _bodyEnd = null;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing) CloseBody();
        _disposed = true;
        base.Dispose(disposing);
    }
}
