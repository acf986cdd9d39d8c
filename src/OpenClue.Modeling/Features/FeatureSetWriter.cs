using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Writes a feature-set file (layout: <see cref="FeatureSetFormat"/>) sequentially. Call <see cref="Complete"/> after the
/// last user: disposing without it leaves the file without a footer, which readers reject as truncated.
/// <para>The encoder constructor writes version 3 (version 2's layout but the sparse part): users passed to <see cref="Write(UserSequence)"/> are buffered in
/// small batches; a full batch is encoded in parallel on the thread pool and then written (names captured, records
/// serialised) after the previous batch, while the caller fills the next one — a ring of four batches, so reading,
/// encoding and writing overlap and no core idles. Each user's bytes depend only on that user and are written in input
/// order, so the file is identical whatever the thread count. The output stream is written from pool threads; the
/// caller must not touch it until <see cref="Complete"/> or <see cref="Dispose"/> returns.</para>
/// </summary>
public sealed class FeatureSetWriter : IDisposable
{
    private const int BatchSize = 64; // users per batch: small, as every slot keeps buffers sized for the largest user it saw
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly int _dimension;
    private readonly byte[] _scratch = new byte[32];
    private byte[] _idBuffer = new byte[256];
    private bool _completed, _disposed;

    // Version 2 state: a ring of batches — one filled by the caller, the others being encoded or written.
    private const int BatchCount = 4;
    private const int EncodeChunk = 16; // users per parallel work item (small: users differ a lot in length)
    private readonly IBehaviorEncoder? _encoder;
    private readonly Slot[][] _batches = [];
    private readonly Task?[] _batchDone = new Task?[BatchCount]; // completes once that batch is written
    private int _filling, _pending;
    private Task? _lastBatch; // the newest batch handed off; its completion implies all earlier ones
    private readonly FeatureNameTable _names = new();
    private byte[] _record = new byte[4096];

    /// <summary>Writes a version-1 header; <paramref name="output"/> is disposed with the writer.</summary>
    public FeatureSetWriter(Stream output, string modelName, int dimension) : this(output, modelName, dimension, leaveOpen: false) { }

    /// <summary>Version 1 (dense float32 vectors given by the caller through <see cref="Write(string, ReadOnlySpan{float}, int)"/>).</summary>
    public FeatureSetWriter(Stream output, string modelName, int dimension, bool leaveOpen)
        : this(output, modelName, dimension, leaveOpen, FeatureSetFormat.Version) { }

    /// <summary>
    /// Version 2: each user given to <see cref="Write(UserSequence)"/> is encoded with <paramref name="encoder"/> (dense
    /// part, quantised) plus the exact sparse part (<see cref="SparseFeatures"/>), truncated as <see cref="HashBehaviorEncoder"/> says.
    /// </summary>
    public FeatureSetWriter(Stream output, IBehaviorEncoder encoder, bool leaveOpen)
        : this(output, (encoder ?? throw new ArgumentNullException(nameof(encoder))).ModelName, encoder.Dimension, leaveOpen, FeatureSetFormat.Version3)
    {
        _encoder = encoder;
        _batches = new Slot[BatchCount][];
        for (int b = 0; b < BatchCount; b++)
        {
            _batches[b] = new Slot[BatchSize];
            for (int i = 0; i < BatchSize; i++) _batches[b][i] = new Slot(encoder.Dimension);
        }
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

    /// <summary>
    /// The feature's reported <c>token_count</c>: kept tokens counted at most <see cref="Limits.MaxTokensPerUser"/> per user,
    /// the documented maximum; repeats a user keeps beyond it (<see cref="Limits.MaxTokenOccurrencesPerUser"/>) are free.
    /// </summary>
    public long ReportedTokenCount { get; private set; }

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
        ReportedTokenCount += Math.Min(tokenCount, Limits.MaxTokensPerUser);
    }

    /// <summary>Version 2: copies the user (the reader reuses its instance) and encodes it in the next batch.</summary>
    public void Write(UserSequence user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_encoder is null) throw new InvalidOperationException("This writer was created without an encoder.");
        if (_completed) throw new InvalidOperationException("The feature set is already complete.");
        if (_pending == 0) WaitForBatch(_filling); // reuse only once its previous users are written
        Slot slot = _batches[_filling][_pending];
        slot.UserId = user.UserId ?? throw new ArgumentException("user id is null", nameof(user));
        slot.CopyBehaviors(user);
        _pending++;
        UserCount++;
        if (_pending == BatchSize) Dispatch();
    }

    /// <summary>Hands the filling batch off to be encoded and written after the previous one; moves to the next batch.</summary>
    private void Dispatch()
    {
        if (_pending == 0) return;
        Slot[] batch = _batches[_filling];
        Task batchDone = EncodeThenWriteAsync(batch, _pending, _lastBatch);
        _batchDone[_filling] = batchDone;
        _lastBatch = batchDone;
        _filling = (_filling + 1) % BatchCount;
        _pending = 0;
    }

    private async Task EncodeThenWriteAsync(Slot[] batch, int n, Task? previous)
    {
        await Task.Run(() => Encode(batch, n)).ConfigureAwait(false);
        if (previous is not null) await previous.ConfigureAwait(false); // in order; an earlier failure propagates
        for (int i = 0; i < n; i++)
        {
            Slot slot = batch[i];
            CaptureNames(slot);
            WriteRecord(slot);
            TokenCount += slot.User.TokenTotal;
            ReportedTokenCount += Math.Min(slot.User.TokenTotal, Limits.MaxTokensPerUser);
        }
    }

    private void Encode(Slot[] batch, int n)
    {
        IBehaviorEncoder encoder = _encoder!;
        int chunks = (n + EncodeChunk - 1) / EncodeChunk;
        Parallel.For(0, chunks, c =>
        {
            for (int i = c * EncodeChunk, end = Math.Min(n, i + EncodeChunk); i < end; i++) batch[i].Encode(encoder, _names);
        });
    }

    /// <summary>Waits until batch <paramref name="index"/> is written; rethrows a failure of it or of an earlier batch.</summary>
    private void WaitForBatch(int index)
    {
        Task? task = _batchDone[index];
        if (task is null) return;
        _batchDone[index] = null;
        task.GetAwaiter().GetResult();
    }

    /// <summary>Waits until every handed-off batch is written; rethrows the first failure.</summary>
    private void WaitForAll()
    {
        Task? last = _lastBatch;
        Array.Clear(_batchDone);
        _lastBatch = null;
        last?.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Names first seen in this user, in user order: per kept behaviour its whole text, then (when any kept token is
    /// still unnamed) every token of the behaviour — recorded by the parser, or, for a truncated boundary behaviour
    /// whose first tokens were dropped, tokenised again by the slot in the parallel step. Only the slot's name
    /// candidates are visited: the keys that were unnamed when the slot was encoded (a name is never removed, so the
    /// keys left out would not be named here either, and the result is that of visiting every key).
    /// </summary>
    private void CaptureNames(Slot slot)
    {
        if (_names.IsFull) return;
        ParsedUser user = slot.User;
        ReadOnlySpan<int> candidates = slot.NameCandidates.AsSpan(0, slot.NameCandidateCount);
        foreach (int candidate in candidates)
        {
            int index = candidate & Slot.CandidateIndexMask;
            switch (candidate & ~Slot.CandidateIndexMask)
            {
                case Slot.WholeCandidate:
                {
                    uint key = SparseFeatures.MakeId(SparseFeatures.KindBehavior, user.WholeHash[index]);
                    if (_names.MarkNew(key)) _names.Add(key, slot.BehaviorText(user.SourceIndex[index]).Trim());
                    break;
                }
                case Slot.TokenCandidate:
                {
                    // "Name every token when one is unnamed" = "name each unnamed token" when all of them were kept.
                    uint key = SparseFeatures.MakeId(SparseFeatures.KindToken, user.Tokens[index]);
                    if (_names.MarkNew(key)) _names.Add(key, user.TokenText(index));
                    break;
                }
                default:
                    if (!HasUnnamedToken(user, index)) break;
                    for (int c = 0; c < slot.BoundaryTokenCount; c++)
                    {
                        uint key = slot.BoundaryKeys[c];
                        if (_names.MarkNew(key)) _names.Add(key, slot.BoundaryTokenText(c));
                    }
                    break;
            }
        }
    }

    private bool HasUnnamedToken(ParsedUser user, int b)
    {
        foreach (uint t in user.TokensOf(b))
            if (!_names.IsNamed(SparseFeatures.MakeId(SparseFeatures.KindToken, t))) return true;
        return false;
    }

    private void WriteRecord(Slot slot)
    {
        int max = 1 + 5 + System.Text.Encoding.UTF8.GetMaxByteCount(slot.UserId.Length) + 5
            + 2 * FeatureSetFormat.BlockCount(_dimension) + _dimension + 5 + 5 + slot.Sparse.Length * 6 + 3;
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
        o += WriteSparse(r[o..], slot.Sparse);
        _output.Write(r[..o]);
    }

    /// <summary>The version-3 sparse part (<see cref="FeatureSetFormat"/>): count, delta bytes, control bytes, deltas, counts.
    /// Each delta is stored with one 4-byte write (the next overwrites its unused bytes), so <paramref name="r"/> needs
    /// 3 bytes to spare past the part.</summary>
    internal static int WriteSparse(Span<byte> r, SparseFeatures.Builder sparse)
    {
        int n = sparse.Length;
        ReadOnlySpan<uint> ids = sparse.Ids.AsSpan(0, n);
        int deltaBytes = 0;
        uint previous = 0;
        foreach (uint id in ids)
        {
            deltaBytes += DeltaLength(id - previous);
            previous = id;
        }
        int o = Varint.Write(r, (uint)n);
        o += Varint.Write(r[o..], (uint)deltaBytes);
        int c = o, d = o + (n + 3) / 4;
        previous = 0;
        for (int i = 0; i < n; i += 4)
        {
            int control = 0;
            for (int k = 0, end = Math.Min(4, n - i); k < end; k++)
            {
                uint delta = ids[i + k] - previous;
                previous = ids[i + k];
                int length = DeltaLength(delta);
                BinaryPrimitives.WriteUInt32LittleEndian(r[d..], delta);
                d += length;
                control |= (length - 1) << (2 * k);
            }
            r[c++] = (byte)control;
        }
        sparse.Counts.AsSpan(0, n).CopyTo(r[d..]);
        return d + n;
    }

    /// <summary>Bytes of a stored delta: 1–4, the fewest that hold it.</summary>
    private static int DeltaLength(uint delta) => (System.Numerics.BitOperations.Log2(delta | 1) >> 3) + 1;

    /// <summary>Encodes any buffered users, writes the names (version 2) and the footer, and flushes.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        if (_encoder is not null)
        {
            Dispatch();
            WaitForAll();
            _names.WriteTo(_output);
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
        try { WaitForAll(); }
        catch (Exception) { } // the failure already surfaced (or the caller is abandoning the file): just stop writing
        _output.Flush();
        // Disposing our BufferedStream would also close the caller's stream, so with leaveOpen we only flush.
        if (!_leaveOpen) _output.Dispose();
    }

    /// <summary>A buffered user and its reusable encoding state.</summary>
    private sealed class Slot(int dimension)
    {
        public string UserId = "";
        // The user's behaviours: as read (UTF-8), or the caller's strings when it gave a list.
        private readonly BehaviorSpans _spans = new();
        private string[]? _list;
        private char[] _decoded = [];
        public readonly ParsedUser User = new();
        public readonly SparseFeatures.Builder Sparse = new();
        public readonly float[] Dense = new float[dimension];
        public readonly Half[] Scales = new Half[FeatureSetFormat.BlockCount(dimension)];
        public readonly sbyte[] Quantized = new sbyte[dimension];

        // All tokens (texts and name keys) of the truncated boundary behaviour, if any: the parser kept only its last ones.
        public int BoundaryTokenCount;
        public uint[] BoundaryKeys = new uint[64];
        private int[] _boundaryTextStart = new int[65];
        private char[] _boundaryText = new char[512];

        public ReadOnlySpan<char> BoundaryTokenText(int c) =>
            _boundaryText.AsSpan(_boundaryTextStart[c], _boundaryTextStart[c + 1] - _boundaryTextStart[c]);

        // Name candidates, in the order CaptureNames visits keys: kind (two top bits) | behaviour or token index.
        public const int CandidateIndexMask = (1 << 30) - 1, WholeCandidate = 0, TokenCandidate = 1 << 30, BoundaryCandidate = 2 << 30;
        public int[] NameCandidates = new int[256];
        public int NameCandidateCount;

        public void CopyBehaviors(UserSequence user)
        {
            if (user.SpansCurrent)
            {
                _spans.CopyFrom(user.Spans);
                _list = null;
                return;
            }
            List<string> behaviors = user.Behaviors; // copied: the caller may edit its list; the strings are immutable
            _list = new string[behaviors.Count];
            for (int i = 0; i < _list.Length; i++) _list[i] = behaviors[i] ?? "";
        }

        private int BehaviorCount => _list?.Length ?? _spans.Count;

        /// <summary>Behaviour <paramref name="i"/> as UTF-16 (decoded into a buffer of the slot when it was read as
        /// UTF-8: valid until the next call).</summary>
        public ReadOnlySpan<char> BehaviorText(int i)
        {
            if (_list is not null) return _list[i];
            ReadOnlySpan<byte> utf8 = _spans[i];
            if (_decoded.Length < utf8.Length) _decoded = new char[Math.Max(utf8.Length, _decoded.Length * 2)];
            return _decoded.AsSpan(0, System.Text.Encoding.UTF8.GetChars(utf8, _decoded));
        }

        public void Encode(IBehaviorEncoder encoder, FeatureNameTable names)
        {
            BehaviorParser parser = BehaviorParser.ForThread;
            if (_list is null) parser.Parse(_spans, User);
            else parser.Parse(_list, User);
            Sparse.Build(User);
            if (encoder is IParsedUserEncoder parsed) parsed.EncodeParsed(User, Dense);
            else encoder.Encode(Materialize(), Dense);
            FeatureSetFormat.Quantize(Dense, Scales, Quantized);
            BoundaryTokenCount = 0;
            _boundaryTextStart[0] = 0;
            int last = User.Count - 1;
            if (last >= 0 && !User.AllTokensKept[last])
            {
                var sink = new BoundarySink(this, parser);
                parser.Tokenize(BehaviorText(User.SourceIndex[last]), ref sink);
            }
            FindNameCandidates(names);
        }

        /// <summary>The keys of this user that the names table lacks now (read while the writer thread may add names:
        /// a key seen named stays named, and a key seen unnamed is checked again when the names are captured).
        /// Two passes: the keys the per-thread cache does not know are listed in visiting order and their words of the
        /// names bitset (4 MB, mostly cache misses) prefetched, then looked up — so the misses overlap instead of
        /// stalling one after another.</summary>
        private void FindNameCandidates(FeatureNameTable names)
        {
            int n = 0;
            ParsedUser user = User;
            if (!names.IsFull)
            {
                var known = new NamedKeyCache(names);
                int most = user.Count * 2 + user.TokenTotal;
                if (NameCandidates.Length < most) NameCandidates = new int[Math.Max(most, NameCandidates.Length * 2)];
                Probes probes = t_probes ??= new Probes();
                if (probes.Keys.Length < most)
                {
                    probes.Keys = new uint[Math.Max(most, probes.Keys.Length * 2)];
                    probes.Tags = new int[probes.Keys.Length];
                }
                int m = 0;
                for (int b = 0; b < user.Count; b++)
                {
                    if (user.HasWhole[b]) probes.Add(known, names, SparseFeatures.MakeId(SparseFeatures.KindBehavior, user.WholeHash[b]), WholeCandidate | b, ref m);
                    if (user.AllTokensKept[b])
                    {
                        // A token's later occurrences add nothing: its first one was named or found named before them.
                        for (int d = user.DistinctStart[b]; d < user.DistinctStart[b + 1]; d++)
                            probes.Add(known, names, SparseFeatures.MakeId(SparseFeatures.KindToken, user.DistinctHash[d]), TokenCandidate | user.DistinctFirst[d], ref m);
                    }
                    else
                    {
                        for (int k = user.TokenStart[b]; k < user.TokenStart[b + 1]; k++)
                            probes.Add(known, names, SparseFeatures.MakeId(SparseFeatures.KindToken, user.Tokens[k]), BoundaryCandidate | b, ref m);
                    }
                }
                for (int i = 0; i < m; i++)
                {
                    if (known.IsNamedInTable(probes.Keys[i])) continue;
                    int tag = probes.Tags[i];
                    // A truncated boundary behaviour is one candidate, however many of its tokens are unnamed.
                    if ((tag & ~CandidateIndexMask) == BoundaryCandidate && n > 0 && NameCandidates[n - 1] == tag) continue;
                    NameCandidates[n++] = tag;
                }
            }
            NameCandidateCount = n;
        }

        [ThreadStatic] private static Probes? t_probes;

        /// <summary>The keys (and their candidate tags) that <see cref="FindNameCandidates"/> looks up in the names table;
        /// per thread, as they live only during the call.</summary>
        private sealed class Probes
        {
            public uint[] Keys = new uint[256];
            public int[] Tags = new int[256];

            public void Add(NamedKeyCache known, FeatureNameTable names, uint key, int tag, ref int m)
            {
                if (known.IsCached(key)) return;
                names.Prefetch(key);
                Keys[m] = key;
                Tags[m++] = tag;
            }
        }

        private void AddBoundaryToken(uint key, ReadOnlySpan<char> text)
        {
            int c = BoundaryTokenCount;
            if (c + 1 == BoundaryKeys.Length)
            {
                Array.Resize(ref BoundaryKeys, BoundaryKeys.Length * 2);
                Array.Resize(ref _boundaryTextStart, BoundaryKeys.Length + 1);
            }
            int start = _boundaryTextStart[c];
            if (start + text.Length > _boundaryText.Length)
                Array.Resize(ref _boundaryText, Math.Max(start + text.Length, _boundaryText.Length * 2));
            text.CopyTo(_boundaryText.AsSpan(start));
            BoundaryKeys[c] = key;
            _boundaryTextStart[c + 1] = start + text.Length;
            BoundaryTokenCount = c + 1;
        }

        /// <summary>Fallback for encoders that only take strings (allocates).</summary>
        private List<string> Materialize()
        {
            var list = new List<string>(BehaviorCount);
            for (int i = 0; i < BehaviorCount; i++) list.Add(new string(BehaviorText(i)));
            return list;
        }

        /// <summary>
        /// Keys found named in one names table, remembered per thread in a small direct-mapped table (16 KB, in L1/L2) in
        /// front of the names bitset (4 MB, mostly cache misses): the frequent tokens and behaviours are answered there. A
        /// key once named stays named, so a remembered key is always right; the table is emptied when the thread serves
        /// another writer's names.
        /// </summary>
        private readonly struct NamedKeyCache
        {
            private const int Bits = 12;
            [ThreadStatic] private static uint[]? t_keys; // key + 1 of a named key; 0 = empty
            [ThreadStatic] private static long t_table; // FeatureNameTable.Id the keys belong to
            private readonly uint[] _keys;
            private readonly FeatureNameTable names;

            public NamedKeyCache(FeatureNameTable names)
            {
                this.names = names;
                _keys = t_keys ??= new uint[1 << Bits];
                if (t_table != names.Id)
                {
                    Array.Clear(_keys);
                    t_table = names.Id;
                }
            }

            public bool IsCached(uint key) => _keys[IndexOf(key)] == key + 1;

            /// <summary>Asks the names table (remembering the key when it is named).</summary>
            public bool IsNamedInTable(uint key)
            {
                if (!names.IsNamedShared(key)) return false;
                _keys[IndexOf(key)] = key + 1;
                return true;
            }

            private static int IndexOf(uint key) => (int)((key * 0x9E3779B1u) >> (32 - Bits));
        }

        private readonly struct BoundarySink(Slot slot, BehaviorParser parser) : ITokenSink
        {
            public void Accept(ReadOnlySpan<char> token) =>
                slot.AddBoundaryToken(SparseFeatures.MakeId(SparseFeatures.KindToken, parser.HashToken(token)), token);
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
