using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace OpenClue.Modeling.Encoding;

/// <summary>Encoders that consume a pre-parsed user (the feature writer parses once for the dense and sparse parts).</summary>
internal interface IParsedUserEncoder
{
    void EncodeParsed(ParsedUser user, Span<float> output);
}

/// <summary>
/// A behaviour model learned from a tenant's corpus by <see cref="BehaviorModelTrainer"/>: a unit vector per known
/// behaviour (its own co-occurrence embedding blended with the embedding composed from its tokens) and per known token.
/// A behaviour never seen in pretraining is the weighted mean of its known tokens' vectors, so features built later
/// from new data live in the same space.
/// <para>User vector (dimension 2k + 4): [0, k) weighted mean of the kept behaviours' vectors (weight a/(a + p(b)),
/// frequent behaviours count less); [k, 2k) the same over the <see cref="RecentBehaviors"/> newest; then
/// ln(1+behaviours)/8, ln(1+tokens)/8, share of distinct behaviours, share of behaviours with no vector.</para>
/// </summary>
public sealed class LearnedBehaviorEncoder : IBehaviorEncoder, IParsedUserEncoder
{
    public const int RecentBehaviors = 10;
    private const int Aggregates = 4;
    internal static ReadOnlySpan<byte> Magic => "OCBM"u8;
    internal const ushort FormatVersion = 1;

    private readonly Dictionary<uint, int> _behaviorIndex;
    private readonly float[] _behaviorVectors; // n × k, unit rows
    private readonly float[] _behaviorWeights;
    private readonly Dictionary<uint, int> _tokenIndex;
    private readonly float[] _tokenVectors;    // n × k, unit rows
    private readonly float[] _tokenWeights;

    [ThreadStatic] private static ParsedUser? t_user;
    [ThreadStatic] private static float[]? t_scratch;

    internal LearnedBehaviorEncoder(string modelName, int embeddingDimension, uint[] behaviorHashes, float[] behaviorVectors,
        float[] behaviorWeights, uint[] tokenHashes, float[] tokenVectors, float[] tokenWeights)
    {
        ModelName = modelName;
        EmbeddingDimension = embeddingDimension;
        _behaviorIndex = new Dictionary<uint, int>(behaviorHashes.Length);
        for (int i = 0; i < behaviorHashes.Length; i++) _behaviorIndex.TryAdd(behaviorHashes[i], i);
        _tokenIndex = new Dictionary<uint, int>(tokenHashes.Length);
        for (int i = 0; i < tokenHashes.Length; i++) _tokenIndex.TryAdd(tokenHashes[i], i);
        BehaviorHashes = behaviorHashes;
        TokenHashes = tokenHashes;
        _behaviorVectors = behaviorVectors;
        _behaviorWeights = behaviorWeights;
        _tokenVectors = tokenVectors;
        _tokenWeights = tokenWeights;
    }

    public string ModelName { get; }

    /// <summary>k: length of one behaviour or token vector.</summary>
    public int EmbeddingDimension { get; }

    public int Dimension => 2 * EmbeddingDimension + Aggregates;

    /// <summary>Known behaviours plus known tokens.</summary>
    public int VocabularySize => BehaviorHashes.Length + TokenHashes.Length;

    internal uint[] BehaviorHashes { get; }
    internal uint[] TokenHashes { get; }

    public int Encode(IReadOnlyList<string> behaviors, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(behaviors);
        ParsedUser user = t_user ??= new ParsedUser();
        BehaviorParser.ForThread.Parse(behaviors, user);
        EncodeParsed(user, output);
        return user.TokenTotal;
    }

    /// <summary>The vector of one behaviour (unit length), or false when neither it nor any of its tokens is known.</summary>
    public bool TryGetBehaviorVector(string behavior, Span<float> output)
    {
        ParsedUser user = t_user ??= new ParsedUser();
        BehaviorParser.ForThread.Parse([behavior], user);
        output.Clear();
        return user.Count == 1 && BehaviorVector(user, 0, output, out _);
    }

    void IParsedUserEncoder.EncodeParsed(ParsedUser user, Span<float> output) => EncodeParsed(user, output);

    internal void EncodeParsed(ParsedUser user, Span<float> output)
    {
        int k = EmbeddingDimension;
        if (output.Length != Dimension) throw new ArgumentException($"output must have length {Dimension}.", nameof(output));
        output.Clear();
        float[] scratch = t_scratch is { } s && s.Length == k ? s : (t_scratch = new float[k]);
        Span<float> all = output[..k], recent = output.Slice(k, k);
        double allWeight = 0, recentWeight = 0;
        int unknown = 0;
        for (int b = 0; b < user.Count; b++)
        {
            if (!BehaviorVector(user, b, scratch, out float weight))
            {
                unknown++;
                continue;
            }
            TensorPrimitives.MultiplyAdd(scratch, weight, all, all);
            allWeight += weight;
            if (b < RecentBehaviors)
            {
                TensorPrimitives.MultiplyAdd(scratch, weight, recent, recent);
                recentWeight += weight;
            }
        }
        if (allWeight > 0) TensorPrimitives.Multiply(all, (float)(1 / allWeight), all);
        if (recentWeight > 0) TensorPrimitives.Multiply(recent, (float)(1 / recentWeight), recent);
        int distinct = 0;
        if (user.Count > 0)
        {
            // Distinct whole behaviours (small n: quadratic scan is avoided by sorting a copy).
            Span<uint> hashes = user.Count <= 256 ? stackalloc uint[user.Count] : new uint[user.Count];
            for (int b = 0; b < user.Count; b++) hashes[b] = user.WholeHash[b];
            hashes.Sort();
            for (int b = 0; b < hashes.Length; b++) if (b == 0 || hashes[b] != hashes[b - 1]) distinct++;
        }
        output[2 * k] = MathF.Log(1 + user.Count) / 8f;
        output[2 * k + 1] = MathF.Log(1 + user.TokenTotal) / 8f;
        output[2 * k + 2] = user.Count == 0 ? 0 : (float)distinct / user.Count;
        output[2 * k + 3] = user.Count == 0 ? 0 : (float)unknown / user.Count;
    }

    private bool BehaviorVector(ParsedUser user, int b, Span<float> output, out float weight)
    {
        int k = EmbeddingDimension;
        if (user.HasWhole[b] && _behaviorIndex.TryGetValue(user.WholeHash[b], out int index))
        {
            _behaviorVectors.AsSpan(index * k, k).CopyTo(output);
            weight = _behaviorWeights[index];
            return true;
        }
        weight = 1f; // unseen behaviours are rare ones: full weight
        output.Clear();
        bool any = false;
        foreach (uint t in user.TokensOf(b))
        {
            if (!_tokenIndex.TryGetValue(t, out int ti)) continue;
            TensorPrimitives.MultiplyAdd(_tokenVectors.AsSpan(ti * k, k), _tokenWeights[ti], output, output);
            any = true;
        }
        if (!any) return false;
        float norm = TensorPrimitives.Norm(output);
        if (!(norm > 0)) return false;
        TensorPrimitives.Multiply(output, 1 / norm, output);
        return true;
    }

    /// <summary>
    /// Artifact layout (little-endian): "OCBM" | version u16 = 1 | reserved u16 | name length i32 | name UTF-8 | k i32 |
    /// behaviours i32 | tokens i32 | per behaviour: hash u32, weight f32, k × f16 | per token: hash u32, weight f32, k × f16.
    /// </summary>
    internal byte[] Serialize()
    {
        byte[] name = System.Text.Encoding.UTF8.GetBytes(ModelName);
        int k = EmbeddingDimension;
        int nb = BehaviorHashes.Length, nt = TokenHashes.Length;
        long size = 4 + 2 + 2 + 4 + name.Length + 12 + (long)(nb + nt) * (8 + 2 * k);
        var bytes = new byte[size];
        Span<byte> s = bytes;
        Magic.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], name.Length);
        name.CopyTo(s[12..]);
        int o = 12 + name.Length;
        BinaryPrimitives.WriteInt32LittleEndian(s[o..], k);
        BinaryPrimitives.WriteInt32LittleEndian(s[(o + 4)..], nb);
        BinaryPrimitives.WriteInt32LittleEndian(s[(o + 8)..], nt);
        o += 12;
        o = WriteTable(s, o, BehaviorHashes, _behaviorWeights, _behaviorVectors, k);
        WriteTable(s, o, TokenHashes, _tokenWeights, _tokenVectors, k);
        return bytes;
    }

    private static int WriteTable(Span<byte> s, int o, uint[] hashes, float[] weights, float[] vectors, int k)
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[o..], hashes[i]);
            BinaryPrimitives.WriteSingleLittleEndian(s[(o + 4)..], weights[i]);
            o += 8;
            for (int j = 0; j < k; j++, o += 2) BinaryPrimitives.WriteHalfLittleEndian(s[o..], (Half)vectors[i * k + j]);
        }
        return o;
    }

    internal static LearnedBehaviorEncoder Deserialize(string expectedName, ReadOnlySpan<byte> s)
    {
        try
        {
            if (s.Length < 24 || !s[..4].SequenceEqual(Magic)) throw new InvalidDataException("Not a behaviour model artifact.");
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(s[4..]);
            if (version != FormatVersion) throw new InvalidDataException($"Unsupported behaviour model version {version}.");
            int nameLength = BinaryPrimitives.ReadInt32LittleEndian(s[8..]);
            if ((uint)nameLength > 4096 || 12 + nameLength + 12 > s.Length) throw new InvalidDataException("Corrupt behaviour model (name).");
            string name = System.Text.Encoding.UTF8.GetString(s.Slice(12, nameLength));
            if (expectedName is not null && name != expectedName)
                throw new InvalidDataException($"The artifact holds model '{name}', not '{expectedName}'.");
            int o = 12 + nameLength;
            int k = BinaryPrimitives.ReadInt32LittleEndian(s[o..]);
            int nb = BinaryPrimitives.ReadInt32LittleEndian(s[(o + 4)..]);
            int nt = BinaryPrimitives.ReadInt32LittleEndian(s[(o + 8)..]);
            o += 12;
            if (k <= 0 || k > 4096 || nb < 0 || nt < 0 || s.Length != o + (long)(nb + nt) * (8 + 2 * k))
                throw new InvalidDataException("Corrupt behaviour model (sizes).");
            var bh = new uint[nb]; var bw = new float[nb]; var bv = new float[(long)nb * k];
            var th = new uint[nt]; var tw = new float[nt]; var tv = new float[(long)nt * k];
            o = ReadTable(s, o, bh, bw, bv, k);
            ReadTable(s, o, th, tw, tv, k);
            return new LearnedBehaviorEncoder(name, k, bh, bv, bw, th, tv, tw);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("Corrupt behaviour model.", e);
        }
    }

    private static int ReadTable(ReadOnlySpan<byte> s, int o, uint[] hashes, float[] weights, float[] vectors, int k)
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = BinaryPrimitives.ReadUInt32LittleEndian(s[o..]);
            weights[i] = BinaryPrimitives.ReadSingleLittleEndian(s[(o + 4)..]);
            o += 8;
            for (int j = 0; j < k; j++, o += 2) vectors[i * k + j] = (float)BinaryPrimitives.ReadHalfLittleEndian(s[o..]);
        }
        return o;
    }
}
