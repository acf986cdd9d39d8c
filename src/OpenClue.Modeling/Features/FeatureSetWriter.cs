using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Writes a feature-set file (layout: <see cref="FeatureSetFormat"/>) sequentially. Call <see cref="Complete"/> after the
/// last user: disposing without it leaves the file without a footer, which readers reject as truncated.
/// <para>The encoder constructor writes version 2: users passed to <see cref="Write(UserSequence)"/> are buffered in
/// batches and encoded in parallel (each user's bytes depend only on that user, and are written in input order, so
/// the file is identical whatever the thread count).</para>
/// </summary>
public sealed class FeatureSetWriter : IDisposable
{
    private const int BatchSize = 1024;
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly int _dimension;
    private readonly byte[] _scratch = new byte[32];
    private byte[] _idBuffer = new byte[256];
    private bool _completed, _disposed;

    // Version 2 state.
    private readonly IBehaviorEncoder? _encoder;
    private readonly Slot[] _slots = [];
    private int _pending;
    private readonly ulong[] _named = [];
    private readonly List<(uint Key, string Text)> _names = [];
    private readonly List<(uint Hash, string Text)> _tokenNames = [];
    private byte[] _record = new byte[4096];

    /// <summary>Writes a version-1 header; <paramref name="output"/> is disposed with the writer.</summary>
    public FeatureSetWriter(Stream output, string modelName, int dimension) : this(output, modelName, dimension, leaveOpen: false) { }

    /// <summary>Version 1 (dense float32 vectors given by the caller through <see cref="Write(string, ReadOnlySpan{float}, int)"/>).</summary>
    public FeatureSetWriter(Stream output, string modelName, int dimension, bool leaveOpen)
        : this(output, modelName, dimension, leaveOpen, FeatureSetFormat.Version) { }

    /// <summary>
    /// Version 2: each user given to <see cref="Write(UserSequence)"/> is encoded with <paramref name="encoder"/> (dense
    /// part, quantised) plus the exact sparse part (<see cref="SparseFeatures"/>), keeping the 2,048 most recent tokens.
    /// </summary>
    public FeatureSetWriter(Stream output, IBehaviorEncoder encoder, bool leaveOpen)
        : this(output, (encoder ?? throw new ArgumentNullException(nameof(encoder))).ModelName, encoder.Dimension, leaveOpen, FeatureSetFormat.Version2)
    {
        _encoder = encoder;
        _slots = new Slot[BatchSize];
        for (int i = 0; i < BatchSize; i++) _slots[i] = new Slot(encoder.Dimension);
        _named = new ulong[(2 << SparseFeatures.HashBits) / 64];
    }

    private FeatureSetWriter(Stream output, string modelName, int dimension, bool leaveOpen, ushort version)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, FeatureSetFormat.MaxDimension);
        _leaveOpen = leaveOpen;
        _dimension = dimension;
        _output = output is BufferedStream or MemoryStream ? output : new BufferedStream(output, 64 * 1024);

        byte[] name = System.Text.Encoding.UTF8.GetBytes(modelName);
        if (name.Length > FeatureSetFormat.MaxNameBytes) throw new ArgumentException("model name too long", nameof(modelName));
        _output.Write(FeatureSetFormat.HeaderMagic);
        Span<byte> header = _scratch.AsSpan(0, 8);
        BinaryPrimitives.WriteUInt16LittleEndian(header, version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], name.Length);
        _output.Write(header);
        _output.Write(name);
        BinaryPrimitives.WriteInt32LittleEndian(header, dimension);
        _output.Write(header[..4]);
    }

    /// <summary>Users written so far (buffered users included).</summary>
    public long UserCount { get; private set; }

    /// <summary>Sum of the kept token counts (after <see cref="Complete"/> for version 2: buffered users count once encoded).</summary>
    public long TokenCount { get; private set; }

    /// <summary>Version 1: appends a user with a caller-computed vector.</summary>
    public void Write(string userId, ReadOnlySpan<float> vector, int tokenCount)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_encoder is not null) throw new InvalidOperationException("This writer encodes users itself: call Write(UserSequence).");
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

    /// <summary>Version 2: copies the user (the reader reuses its instance) and encodes it in the next batch.</summary>
    public void Write(UserSequence user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_encoder is null) throw new InvalidOperationException("This writer was created without an encoder.");
        if (_completed) throw new InvalidOperationException("The feature set is already complete.");
        Slot slot = _slots[_pending++];
        slot.UserId = user.UserId ?? throw new ArgumentException("user id is null", nameof(user));
        slot.Behaviors.Clear();
        slot.Behaviors.AddRange(user.Behaviors);
        UserCount++;
        if (_pending == BatchSize) Flush();
    }

    private void Flush()
    {
        if (_pending == 0) return;
        IBehaviorEncoder encoder = _encoder!;
        int n = _pending;
        // Two fixed halves, one per core; the output of each slot depends only on its user.
        int parts = Math.Min(Environment.ProcessorCount, n < 64 ? 1 : 4);
        Parallel.For(0, parts, p =>
        {
            for (int i = p * n / parts; i < (p + 1) * n / parts; i++) _slots[i].Encode(encoder);
        });
        for (int i = 0; i < n; i++)
        {
            Slot slot = _slots[i];
            CaptureNames(slot);
            WriteRecord(slot);
            TokenCount += slot.User.TokenTotal;
        }
        _pending = 0;
    }

    private void CaptureNames(Slot slot)
    {
        if (_names.Count >= FeatureSetFormat.MaxNames) return;
        ParsedUser user = slot.User;
        for (int b = 0; b < user.Count; b++)
        {
            string behavior = slot.Behaviors[user.SourceIndex[b]];
            if (user.HasWhole[b] && MarkNew(SparseFeatures.MakeId(SparseFeatures.KindBehavior, user.WholeHash[b])))
                _names.Add((SparseFeatures.MakeId(SparseFeatures.KindBehavior, user.WholeHash[b]), behavior.Trim()));
            bool anyNew = false;
            foreach (uint t in user.TokensOf(b)) anyNew |= !IsNamed(SparseFeatures.MakeId(SparseFeatures.KindToken, t));
            if (!anyNew) continue;
            _tokenNames.Clear();
            BehaviorParser.ForThread.TokenStrings(behavior, _tokenNames);
            foreach ((uint hash, string text) in _tokenNames)
            {
                uint key = SparseFeatures.MakeId(SparseFeatures.KindToken, hash);
                if (MarkNew(key)) _names.Add((key, text));
            }
        }
    }

    private int NameBit(uint key) => (int)(((key >> SparseFeatures.HashBits) & 1) << SparseFeatures.HashBits | (key & SparseFeatures.HashMask));
    private bool IsNamed(uint key) { int bit = NameBit(key); return (_named[bit >> 6] & (1UL << (bit & 63))) != 0; }
    private bool MarkNew(uint key)
    {
        int bit = NameBit(key);
        ref ulong word = ref _named[bit >> 6];
        if ((word & (1UL << (bit & 63))) != 0) return false;
        word |= 1UL << (bit & 63);
        return true;
    }

    private void WriteRecord(Slot slot)
    {
        int max = 1 + 5 + System.Text.Encoding.UTF8.GetMaxByteCount(slot.UserId.Length) + 5
            + 2 * FeatureSetFormat.BlockCount(_dimension) + _dimension + 5 + slot.Sparse.Length * 6;
        if (_record.Length < max) _record = new byte[Math.Max(max, _record.Length * 2)];
        Span<byte> r = _record;
        int o = 0;
        r[o++] = FeatureSetFormat.RecordTag2;
        int idLength = System.Text.Encoding.UTF8.GetByteCount(slot.UserId);
        o += Varint.Write(r[o..], (uint)idLength);
        o += System.Text.Encoding.UTF8.GetBytes(slot.UserId, r[o..]);
        o += Varint.Write(r[o..], (uint)slot.User.TokenTotal);
        int blocks = FeatureSetFormat.BlockCount(_dimension);
        for (int b = 0; b < blocks; b++, o += 2) BinaryPrimitives.WriteHalfLittleEndian(r[o..], slot.Scales[b]);
        MemoryMarshal.AsBytes(slot.Quantized.AsSpan()).CopyTo(r[o..]);
        o += _dimension;
        SparseFeatures.Builder sparse = slot.Sparse;
        o += Varint.Write(r[o..], (uint)sparse.Length);
        uint previous = 0;
        for (int i = 0; i < sparse.Length; i++)
        {
            o += Varint.Write(r[o..], sparse.Ids[i] - previous);
            previous = sparse.Ids[i];
            r[o++] = sparse.Counts[i];
        }
        _output.Write(r[..o]);
    }

    /// <summary>Encodes any buffered users, writes the names (version 2) and the footer, and flushes.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        if (_encoder is not null)
        {
            Flush();
            WriteNames();
        }
        Span<byte> footer = _scratch.AsSpan(0, 21);
        footer[0] = FeatureSetFormat.FooterTag;
        BinaryPrimitives.WriteInt64LittleEndian(footer[1..], UserCount);
        BinaryPrimitives.WriteInt64LittleEndian(footer[9..], TokenCount);
        FeatureSetFormat.FooterMagic.CopyTo(footer[17..]);
        _output.Write(footer);
        _output.Flush();
        _completed = true;
    }

    private void WriteNames()
    {
        Span<byte> head = _scratch.AsSpan(0, 5);
        head[0] = FeatureSetFormat.NamesTag;
        BinaryPrimitives.WriteInt32LittleEndian(head[1..], _names.Count);
        _output.Write(head);
        Span<byte> small = stackalloc byte[9];
        foreach ((uint key, string text) in _names)
        {
            int byteCount = System.Text.Encoding.UTF8.GetByteCount(text);
            if (byteCount > FeatureSetFormat.MaxNameBytes)
            {
                string cut = text[..Math.Min(text.Length, FeatureSetFormat.MaxNameBytes / 4)];
                byteCount = System.Text.Encoding.UTF8.GetByteCount(cut);
                WriteName(key, cut, byteCount, small);
            }
            else WriteName(key, text, byteCount, small);
        }
    }

    private void WriteName(uint key, string text, int byteCount, Span<byte> small)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(small, key);
        int n = 4 + Varint.Write(small[4..], (uint)byteCount);
        _output.Write(small[..n]);
        if (_idBuffer.Length < byteCount) _idBuffer = new byte[byteCount];
        System.Text.Encoding.UTF8.GetBytes(text, _idBuffer);
        _output.Write(_idBuffer, 0, byteCount);
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

    /// <summary>A buffered user and its reusable encoding state.</summary>
    private sealed class Slot(int dimension)
    {
        public string UserId = "";
        public readonly List<string> Behaviors = new();
        public readonly ParsedUser User = new();
        public readonly SparseFeatures.Builder Sparse = new();
        public readonly float[] Dense = new float[dimension];
        public readonly Half[] Scales = new Half[FeatureSetFormat.BlockCount(dimension)];
        public readonly sbyte[] Quantized = new sbyte[dimension];

        public void Encode(IBehaviorEncoder encoder)
        {
            BehaviorParser.ForThread.Parse(Behaviors, User);
            Sparse.Build(User);
            if (encoder is IParsedUserEncoder parsed) parsed.EncodeParsed(User, Dense);
            else encoder.Encode(Behaviors, Dense);
            FeatureSetFormat.Quantize(Dense, Scales, Quantized);
        }
    }
}

internal static class Varint
{
    public static int Write(Span<byte> s, uint v)
    {
        int i = 0;
        while (v >= 0x80)
        {
            s[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        s[i++] = (byte)v;
        return i;
    }
}
