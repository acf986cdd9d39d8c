using System.Buffers.Binary;
using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Profiles;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>
/// The sentence embeddings of a feature's behaviours, computed once per feature and encoder and kept next to the
/// feature (<see cref="ProfileArtifacts.BehaviorEmbeddings"/>, float16), so every later custom-attributes profile of that
/// feature only reads them: encoding is by far the largest cost of the first profile. Each distinct behaviour text is
/// encoded once (the feature's ids are hashes of the normalised text). The cache counts toward the tenant's storage; when
/// the tenant has no room for it, it is dropped and the profile goes on without it.
/// </summary>
public sealed class BehaviorEmbeddings(SentenceEncoder encoder, IArtifactStore artifacts, StorageQuota quota, IOptions<ProfileOptions> options,
    ILogger<BehaviorEmbeddings> log)
{
    private static ReadOnlySpan<byte> Magic => "OCBE"u8;
    private const int Version = 1;

    /// <summary>
    /// Cosine similarity between each behaviour the encoder knows and the keyword set (the centroid of the keywords the
    /// encoder knows). Empty when no keyword is known to the encoder.
    /// </summary>
    public async Task<Dictionary<uint, float>> SimilaritiesAsync(FeatureRecord feature, FeatureVocabulary vocabulary, IReadOnlyList<string> keywords,
        CancellationToken ct)
    {
        int dimension = encoder.Dimension;
        var keywordVectors = new float[keywords.Count * dimension];
        var knownKeywords = encoder.Encode(keywords, keywordVectors, ct);
        var vectors = new List<float[]>();
        for (int i = 0; i < keywords.Count; i++)
            if (knownKeywords[i]) vectors.Add(keywordVectors.AsSpan(i * dimension, dimension).ToArray());
        var query = new float[dimension];
        if (!SentencePooling.Centroid(vectors, query)) return [];

        var key = ProfileArtifacts.BehaviorEmbeddings(feature.TenantId, feature.Id, encoder.Key);
        var similarities = TryReadCached(key, query, ct);
        if (similarities is not null) return similarities;

        var behaviors = vocabulary.Behaviors(options.Value.MaxBehaviors);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var texts = behaviors.ConvertAll(b => b.Text);
        var embedded = new float[texts.Count * dimension];
        var known = encoder.Encode(texts, embedded, ct);
        log.LogInformation("Encoded {Count} behaviour texts of feature {Feature} in {Seconds:F1} s", texts.Count, feature.Id, started.Elapsed.TotalSeconds);
        await artifacts.WriteAsync(key, (output, _) => Write(output, behaviors, known, embedded, dimension), ct);
        try
        {
            await quota.EnforceAsync(feature.TenantId, key, ct);
        }
        catch (JobFailedException)
        {
            log.LogWarning("Behaviour embeddings of feature {Feature} not kept: the tenant is over its storage quota", feature.Id);
        }

        similarities = new Dictionary<uint, float>(behaviors.Count);
        for (int i = 0; i < behaviors.Count; i++)
            if (known[i]) similarities[behaviors[i].Key] = TensorPrimitives.Dot(query, embedded.AsSpan(i * dimension, dimension));
        return similarities;
    }

    private static Task Write(Stream output, List<(uint Key, string Text)> behaviors, bool[] known, float[] vectors, int dimension)
    {
        int count = 0;
        foreach (bool k in known) if (k) count++;
        Span<byte> header = stackalloc byte[16];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], dimension);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], count);
        output.Write(header);
        var record = new byte[4 + 2 * dimension];
        var halves = new Half[dimension];
        for (int i = 0; i < behaviors.Count; i++)
        {
            if (!known[i]) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(record, behaviors[i].Key);
            TensorPrimitives.ConvertToHalf(vectors.AsSpan(i * dimension, dimension), halves);
            for (int d = 0; d < dimension; d++) BinaryPrimitives.WriteHalfLittleEndian(record.AsSpan(4 + 2 * d), halves[d]);
            output.Write(record);
        }
        return Task.CompletedTask;
    }

    /// <summary>The similarities from the cached embeddings, or null when there is no usable cache (missing, other dimension, damaged).</summary>
    private Dictionary<uint, float>? TryReadCached(string key, float[] query, CancellationToken ct)
    {
        try
        {
            using var input = new BufferedStream(artifacts.OpenRead(key), 1 << 16);
            Span<byte> header = stackalloc byte[16];
            input.ReadExactly(header);
            if (!header[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != Version ||
                BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != query.Length) return null;
            int count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            var similarities = new Dictionary<uint, float>(count);
            var record = new byte[4 + 2 * query.Length];
            var halves = new Half[query.Length];
            var vector = new float[query.Length];
            for (int i = 0; i < count; i++)
            {
                if ((i & 4095) == 0) ct.ThrowIfCancellationRequested();
                input.ReadExactly(record);
                for (int d = 0; d < halves.Length; d++) halves[d] = BinaryPrimitives.ReadHalfLittleEndian(record.AsSpan(4 + 2 * d));
                TensorPrimitives.ConvertToSingle(halves, vector);
                similarities[BinaryPrimitives.ReadUInt32LittleEndian(record)] = TensorPrimitives.Dot(query, vector);
            }
            return similarities;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "No usable behaviour embeddings at {Key}", key);
            return null;
        }
    }
}
