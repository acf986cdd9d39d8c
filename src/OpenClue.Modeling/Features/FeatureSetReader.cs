using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Reads a feature-set file (layout: <see cref="FeatureSetFormat"/>) sequentially. The constructor validates the header;
/// <see cref="TryRead(out string, Span{float})"/> returns false only after a valid footer whose counts match the records
/// read. Anything else — bad magic or version, a file that ends early, mismatching counts — throws
/// <see cref="InvalidDataException"/>.
/// </summary>
public sealed class FeatureSetReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly byte[] _scratch = new byte[32];
    private byte[] _idBuffer = new byte[256];
    private bool _finished, _disposed;

    /// <summary>Reads and validates the header; <paramref name="input"/> is disposed with the reader.</summary>
    public FeatureSetReader(Stream input) : this(input, leaveOpen: false) { }

    public FeatureSetReader(Stream input, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(input);
        _leaveOpen = leaveOpen;
        _input = input is BufferedStream or MemoryStream ? input : new BufferedStream(input, 64 * 1024);

        Span<byte> header = _scratch.AsSpan(0, 12);
        ReadExactly(header);
        if (!header[..4].SequenceEqual(FeatureSetFormat.HeaderMagic)) throw new InvalidDataException("Not a feature-set file (bad magic).");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != FeatureSetFormat.Version) throw new InvalidDataException($"Unsupported feature-set version {version}.");
        int nameLength = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if ((uint)nameLength > FeatureSetFormat.MaxNameBytes) throw new InvalidDataException("Corrupt feature-set header (model name length).");
        byte[] name = new byte[nameLength];
        ReadExactly(name);
        ModelName = Decode(name);
        ReadExactly(_scratch.AsSpan(0, 4));
        Dimension = BinaryPrimitives.ReadInt32LittleEndian(_scratch);
        if (Dimension <= 0 || Dimension > FeatureSetFormat.MaxDimension) throw new InvalidDataException("Corrupt feature-set header (dimension).");
    }

    public string ModelName { get; }

    public int Dimension { get; }

    /// <summary>Users read so far (after the end: all of them).</summary>
    public long UserCount { get; private set; }

    /// <summary>Sum of the token counts of the users read so far.</summary>
    public long TokenCount { get; private set; }

    /// <summary>Reads the next user into <paramref name="vector"/> (length <see cref="Dimension"/>); false at the (validated) end.</summary>
    public bool TryRead(out string userId, Span<float> vector) => TryRead(out userId, vector, out _);

    /// <summary>As <see cref="TryRead(out string, Span{float})"/>, also returning the user's kept token count.</summary>
    public bool TryRead(out string userId, Span<float> vector, out int tokenCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (vector.Length != Dimension) throw new ArgumentException($"vector must have length {Dimension}.", nameof(vector));
        userId = "";
        tokenCount = 0;
        if (_finished) return false;

        ReadExactly(_scratch.AsSpan(0, 1));
        byte tag = _scratch[0];
        if (tag == FeatureSetFormat.FooterTag)
        {
            ReadFooter();
            return false;
        }
        if (tag != FeatureSetFormat.RecordTag) throw new InvalidDataException($"Corrupt feature-set record tag 0x{tag:X2}.");

        ReadExactly(_scratch.AsSpan(0, 4));
        int idLength = BinaryPrimitives.ReadInt32LittleEndian(_scratch);
        if ((uint)idLength > FeatureSetFormat.MaxNameBytes) throw new InvalidDataException("Corrupt feature-set record (user id length).");
        if (_idBuffer.Length < idLength) _idBuffer = new byte[idLength];
        ReadExactly(_idBuffer.AsSpan(0, idLength));
        userId = Decode(_idBuffer.AsSpan(0, idLength));

        ReadExactly(_scratch.AsSpan(0, 4));
        tokenCount = BinaryPrimitives.ReadInt32LittleEndian(_scratch);
        if (tokenCount < 0) throw new InvalidDataException("Corrupt feature-set record (token count).");

        ReadExactly(MemoryMarshal.AsBytes(vector));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> raw = MemoryMarshal.Cast<float, int>(vector);
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
        UserCount++;
        TokenCount += tokenCount;
        return true;
    }

    private void ReadFooter()
    {
        Span<byte> footer = _scratch.AsSpan(0, 20);
        ReadExactly(footer);
        long users = BinaryPrimitives.ReadInt64LittleEndian(footer);
        long tokens = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        if (!footer[16..].SequenceEqual(FeatureSetFormat.FooterMagic)) throw new InvalidDataException("Corrupt feature-set footer (magic).");
        if (users != UserCount || tokens != TokenCount)
            throw new InvalidDataException($"Feature-set footer says {users} users / {tokens} tokens but {UserCount} / {TokenCount} were read.");
        _finished = true;
    }

    private void ReadExactly(Span<byte> buffer)
    {
        try
        {
            _input.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Feature-set file is truncated.", e);
        }
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Corrupt feature-set text (invalid UTF-8).", e);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_leaveOpen) _input.Dispose();
    }
}
