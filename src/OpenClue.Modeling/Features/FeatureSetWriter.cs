using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Writes a feature-set file (layout: <see cref="FeatureSetFormat"/>) sequentially. Call <see cref="Complete"/> after the
/// last user: disposing without it leaves the file without a footer, which readers reject as truncated.
/// </summary>
public sealed class FeatureSetWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly int _dimension;
    private readonly byte[] _scratch = new byte[32];
    private byte[] _idBuffer = new byte[256];
    private bool _completed, _disposed;

    /// <summary>Writes the header; <paramref name="output"/> is disposed with the writer.</summary>
    public FeatureSetWriter(Stream output, string modelName, int dimension) : this(output, modelName, dimension, leaveOpen: false) { }

    public FeatureSetWriter(Stream output, string modelName, int dimension, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, FeatureSetFormat.MaxDimension);
        _leaveOpen = leaveOpen;
        _dimension = dimension;
        // Many small writes: buffer them unless the caller already did.
        _output = output is BufferedStream or MemoryStream ? output : new BufferedStream(output, 64 * 1024);

        byte[] name = System.Text.Encoding.UTF8.GetBytes(modelName);
        if (name.Length > FeatureSetFormat.MaxNameBytes) throw new ArgumentException("model name too long", nameof(modelName));
        _output.Write(FeatureSetFormat.HeaderMagic);
        Span<byte> header = _scratch.AsSpan(0, 8);
        BinaryPrimitives.WriteUInt16LittleEndian(header, FeatureSetFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], name.Length);
        _output.Write(header);
        _output.Write(name);
        BinaryPrimitives.WriteInt32LittleEndian(header, dimension);
        _output.Write(header[..4]);
    }

    public long UserCount { get; private set; }

    /// <summary>Sum of the token counts passed to <see cref="Write"/>.</summary>
    public long TokenCount { get; private set; }

    public void Write(string userId, ReadOnlySpan<float> vector, int tokenCount)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The feature set is already complete.");
        if (vector.Length != _dimension) throw new ArgumentException($"vector must have length {_dimension}.", nameof(vector));
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);

        int max = System.Text.Encoding.UTF8.GetMaxByteCount(userId.Length);
        if (_idBuffer.Length < max) _idBuffer = new byte[max];
        int idLength = System.Text.Encoding.UTF8.GetBytes(userId, _idBuffer);

        Span<byte> prefix = _scratch.AsSpan(0, 5);
        prefix[0] = FeatureSetFormat.RecordTag;
        BinaryPrimitives.WriteInt32LittleEndian(prefix[1..], idLength);
        _output.Write(prefix);
        _output.Write(_idBuffer, 0, idLength);
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, tokenCount);
        _output.Write(_scratch, 0, 4);
        WriteFloats(vector);

        UserCount++;
        TokenCount += tokenCount;
    }

    /// <summary>Writes the footer and flushes. No more users may be written.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        Span<byte> footer = _scratch.AsSpan(0, 21);
        footer[0] = FeatureSetFormat.FooterTag;
        BinaryPrimitives.WriteInt64LittleEndian(footer[1..], UserCount);
        BinaryPrimitives.WriteInt64LittleEndian(footer[9..], TokenCount);
        FeatureSetFormat.FooterMagic.CopyTo(footer[17..]);
        _output.Write(footer);
        _output.Flush();
        _completed = true;
    }

    private void WriteFloats(ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian)
        {
            _output.Write(MemoryMarshal.AsBytes(vector));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float f in vector)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, f);
            _output.Write(four);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _output.Flush();
        // Disposing our BufferedStream would also close the caller's stream, so with leaveOpen we only flush.
        if (!_leaveOpen) _output.Dispose();
    }
}
