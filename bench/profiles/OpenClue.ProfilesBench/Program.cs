using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Modeling.Profiles;
using OpenClue.Modeling.Text;
using OpenClue.Server.Nclue.Profiles;

// dotnet run -c Release --project bench/profiles/OpenClue.ProfilesBench -- quality /work/datasets/ml-latest-small
// dotnet run -c Release --project bench/profiles/OpenClue.ProfilesBench -- perf 100000 50000
var mode = args.Length > 0 ? args[0] : "quality";
using var encoder = new SentenceEncoder(Options.Create(new ProfileOptions()));
if (mode == "quality") Quality.Run(args.Length > 1 ? args[1] : "/work/datasets/ml-latest-small", encoder);
else Perf.Run(int.Parse(args[1]), int.Parse(args[2]), encoder);

/// <summary>The custom-attributes pipeline exactly as the job runs it, over one in-memory feature set.</summary>
static class Pipeline
{
    public static byte[] BuildFeature(IEnumerable<(string Id, List<string> Behaviors)> users)
    {
        using var buffer = new MemoryStream();
        using (var writer = new FeatureSetWriter(buffer, new HashBehaviorEncoder(), leaveOpen: true))
        {
            foreach (var (id, behaviors) in users) writer.Write(new UserSequence { UserId = id, Behaviors = behaviors });
            writer.Complete();
        }
        return buffer.ToArray();
    }

    public static FeatureVocabulary Vocabulary(byte[] feature)
    {
        var vocabulary = new FeatureVocabulary();
        using var reader = new FeatureSetReader(new MemoryStream(feature));
        var batch = new FeatureBatch(reader.Dimension, 256);
        while (reader.ReadBatch(batch) > 0) vocabulary.Add(batch);
        vocabulary.AddNames(reader.FeatureNames);
        return vocabulary;
    }

    /// <summary>Embeddings of the feature's behaviours (the per-feature cache).</summary>
    public static (List<(uint Key, string Text)> Behaviors, float[] Vectors, bool[] Known) Embed(FeatureVocabulary vocabulary, SentenceEncoder encoder)
    {
        var behaviors = vocabulary.Behaviors(200_000);
        var vectors = new float[behaviors.Count * encoder.Dimension];
        var known = encoder.Encode(behaviors.ConvertAll(b => b.Text), vectors, CancellationToken.None);
        return (behaviors, vectors, known);
    }

    public static Dictionary<uint, float> Similarities((List<(uint Key, string Text)> Behaviors, float[] Vectors, bool[] Known) cache,
        IReadOnlyList<string> keywords, SentenceEncoder encoder)
    {
        int d = encoder.Dimension;
        var kv = new float[keywords.Count * d];
        var known = encoder.Encode(keywords, kv, CancellationToken.None);
        var list = new List<float[]>();
        for (int i = 0; i < keywords.Count; i++) if (known[i]) list.Add(kv.AsSpan(i * d, d).ToArray());
        var query = new float[d];
        var result = new Dictionary<uint, float>();
        if (!SentencePooling.Centroid(list, query)) return result;
        for (int i = 0; i < cache.Behaviors.Count; i++)
            if (cache.Known[i]) result[cache.Behaviors[i].Key] = TensorPrimitives.Dot(query, cache.Vectors.AsSpan(i * d, d));
        return result;
    }

    public static double[] Score(byte[] feature, AttributeScorer scorer)
    {
        var scores = new List<double>();
        using var reader = new FeatureSetReader(new MemoryStream(feature)) { SkipFeatureNames = true };
        var batch = new FeatureBatch(reader.Dimension, 256);
        while (reader.ReadBatch(batch) > 0)
            for (int u = 0; u < batch.Count; u++) scores.Add(scorer.Score(batch, u));
        return scores.ToArray();
    }

    public static long WriteResult(byte[] feature, AttributeScorer scorer, Stream output)
    {
        long lines = 0;
        var text = new byte[256 * 48];
        using var reader = new FeatureSetReader(new MemoryStream(feature)) { SkipFeatureNames = true };
        var batch = new FeatureBatch(reader.Dimension, 256);
        while (reader.ReadBatch(batch) > 0)
        {
            output.Write(text, 0, scorer.WriteLines(batch, ref text));
            lines += batch.Count;
        }
        return lines;
    }
}

/// <summary>MovieLens: keyword sets from genre names and tags, AUROC against the users whose history is most dominated by them.</summary>
static class Quality
{
    public static void Run(string folder, SentenceEncoder encoder)
    {
        var movies = new Dictionary<int, (string Title, string[] Genres)>();
        foreach (var row in Csv(Path.Combine(folder, "movies.csv")).Skip(1))
            movies[int.Parse(row[0])] = (row[1], row[2].Split('|'));
        var tagged = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Csv(Path.Combine(folder, "tags.csv")).Skip(1))
        {
            var tag = row[2].Trim().ToLowerInvariant();
            if (!tagged.TryGetValue(tag, out var set)) tagged[tag] = set = [];
            set.Add(int.Parse(row[1]));
        }
        var history = new SortedDictionary<int, List<(long Time, int Movie)>>();
        foreach (var row in Csv(Path.Combine(folder, "ratings.csv")).Skip(1))
        {
            int user = int.Parse(row[0]);
            if (!history.TryGetValue(user, out var list)) history[user] = list = [];
            list.Add((long.Parse(row[3]), int.Parse(row[1])));
        }
        var users = history.Select(h => (Id: $"u{h.Key}", Movies: h.Value.OrderBy(x => x.Time).Select(x => x.Movie).ToList())).ToList();
        var feature = Pipeline.BuildFeature(users.Select(u => (u.Id, u.Movies.Select(m => movies[m].Title).ToList())));
        var watch = Stopwatch.StartNew();
        var vocabulary = Pipeline.Vocabulary(feature);
        var cache = Pipeline.Embed(vocabulary, encoder);
        Console.Error.WriteLine($"{users.Count} users, {cache.Behaviors.Count} titles embedded in {watch.Elapsed.TotalSeconds:F1} s");

        // Keyword sets: every genre (its words), and the 15 tags on the most movies that are words about content.
        var sets = new List<(string Kind, string Name, string Keywords, Func<int, bool> Has)>();
        foreach (var genre in movies.Values.SelectMany(m => m.Genres).Distinct().Where(g => g != "(no genres listed)" && g != "IMAX").Order())
            sets.Add(("genre", genre, genre.Replace('-', ' ').ToLowerInvariant(), m => movies[m].Genres.Contains(genre)));
        foreach (var (tag, set) in tagged.Where(t => t.Value.Count >= 12 && t.Key.Length > 3 && !t.Key.Contains("netflix")).OrderByDescending(t => t.Value.Count).Take(15))
            sets.Add(("tag", tag, tag, set.Contains));

        var tokens = users.Select(u => Tokens(u.Movies.Select(m => movies[m].Title))).ToList();
        var df = new Dictionary<string, int>();
        foreach (var bag in tokens) foreach (var t in bag.Keys) df[t] = df.GetValueOrDefault(t) + 1;
        double averageLength = tokens.Average(b => b.Values.Sum());

        var rows = new List<string>();
        var wins = 0;
        foreach (var (kind, name, keywords, has) in sets)
        {
            var share = users.Select(u => u.Movies.Count(has) / (double)u.Movies.Count).ToArray();
            double cut = share.OrderDescending().ElementAt(users.Count / 10);
            var positive = share.Select(s => s > 0 && s >= cut).ToArray();
            var keywordList = keywords.Split('\n');
            var similarities = Pipeline.Similarities(cache, keywordList, encoder);
            var ours = Pipeline.Score(feature, new AttributeScorer(similarities, vocabulary, KeywordSet.FromStored(keywordList).TokenKeys(), ProfileScoring.Default));
            var semanticOnly = Pipeline.Score(feature, new AttributeScorer(similarities, vocabulary, new Dictionary<uint, int>(), ProfileScoring.Default));
            var query = Tokens(keywordList);
            var tfidf = tokens.Select(b => TfIdfCosine(b, query, df, users.Count)).ToArray();
            var bm25 = tokens.Select(b => Bm25(b, query, df, users.Count, averageLength)).ToArray();
            var (a, s, t, b) = (Auc(ours, positive), Auc(semanticOnly, positive), Auc(tfidf, positive), Auc(bm25, positive));
            if (a > t) wins++;
            rows.Add($"| {kind} | {name} | `{keywords}` | {positive.Count(p => p)} | **{a:F3}** | {s:F3} | {t:F3} | {b:F3} |");
            Console.Error.WriteLine(rows[^1]);
        }
        Console.WriteLine("| kind | set | keywords | positives | OpenClue | semantic only | TF-IDF cosine | BM25 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine($"OpenClue beats TF-IDF cosine on {wins} of {sets.Count} keyword sets.");
    }

    private static Dictionary<string, int> Tokens(IEnumerable<string> texts)
    {
        var bag = new Dictionary<string, int>();
        var list = new List<string>();
        foreach (var text in texts)
        {
            list.Clear();
            BehaviorTokenizer.Tokenize(text, list);
            foreach (var t in list) bag[t] = bag.GetValueOrDefault(t) + 1;
        }
        return bag;
    }

    private static double Idf(string t, Dictionary<string, int> df, int n) => Math.Log((1.0 + n) / (1.0 + df.GetValueOrDefault(t))) + 1;

    private static double TfIdfCosine(Dictionary<string, int> doc, Dictionary<string, int> query, Dictionary<string, int> df, int n)
    {
        double dot = 0, dn = 0, qn = 0;
        foreach (var (t, c) in doc) { double w = (1 + Math.Log(c)) * Idf(t, df, n); dn += w * w; if (query.TryGetValue(t, out var qc)) dot += w * (1 + Math.Log(qc)) * Idf(t, df, n); }
        foreach (var (t, c) in query) { double w = (1 + Math.Log(c)) * Idf(t, df, n); qn += w * w; }
        return dn == 0 || qn == 0 ? 0 : dot / Math.Sqrt(dn * qn);
    }

    private static double Bm25(Dictionary<string, int> doc, Dictionary<string, int> query, Dictionary<string, int> df, int n, double averageLength)
    {
        const double k1 = 1.2, b = 0.75;
        double length = doc.Values.Sum(), score = 0;
        foreach (var t in query.Keys)
        {
            if (!doc.TryGetValue(t, out var tf)) continue;
            int d = df.GetValueOrDefault(t);
            double idf = Math.Log(1 + (n - d + 0.5) / (d + 0.5));
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength));
        }
        return score;
    }

    private static double Auc(double[] scores, bool[] positive)
    {
        var s = scores.Select(x => (float)x).ToArray();
        return Auroc.Compute(s, positive.Select(p => (byte)(p ? 1 : 0)).ToArray());
    }

    /// <summary>RFC 4180 rows (quoted fields with commas, doubled quotes).</summary>
    private static IEnumerable<string[]> Csv(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}

/// <summary>The cost of a custom-attributes job at scale, stage by stage, next to a task run on the same feature.</summary>
static class Perf
{
    public static void Run(int userCount, int behaviorCount, SentenceEncoder encoder)
    {
        string[] actions = ["view", "click", "buy", "search", "cart"];
        string[] adjectives = ["red", "wireless", "organic", "compact", "vintage", "waterproof", "premium", "kids", "leather", "smart", "portable", "classic"];
        string[] nouns = ["running shoes", "headphones", "coffee beans", "backpack", "desk lamp", "yoga mat", "rice cooker", "jacket", "phone case",
                          "novel", "board game", "sunglasses", "blender", "tent", "watch", "perfume", "dog food", "water bottle", "keyboard", "sofa"];
        string[] brands = ["acme", "nordic", "sunrise", "bluepeak", "urban", "zen", "summit", "harbor", "atlas", "pixel"];
        var catalogue = new string[behaviorCount];
        var random = new Random(5);
        for (int i = 0; i < behaviorCount; i++)
            catalogue[i] = $"{actions[i % actions.Length]}: {brands[random.Next(brands.Length)]} {adjectives[random.Next(adjectives.Length)]} {nouns[random.Next(nouns.Length)]} {i}";
        var labels = new Dictionary<string, byte>();
        var watch = Stopwatch.StartNew();
        var feature = Pipeline.BuildFeature(Enumerable.Range(0, userCount).Select(u =>
        {
            var behaviors = new List<string>();
            int count = random.Next(10, 60);
            bool trait = random.NextDouble() < 0.3;
            for (int k = 0; k < count; k++)
            {
                // Zipf-like popularity, so some behaviours are everywhere and most are rare.
                int item = (int)Math.Min(behaviorCount - 1, Math.Floor(Math.Pow(random.NextDouble(), 2.2) * behaviorCount));
                if (trait && k % 4 == 0) item = item / nouns.Length * nouns.Length + 3; // a preference for one noun family
                behaviors.Add(catalogue[item]);
            }
            if (u < 20_000) labels[$"u{u}"] = (byte)(trait ? 1 : 0);
            return ($"u{u}", behaviors);
        }));
        Console.WriteLine($"feature: {userCount} users built in {watch.Elapsed.TotalSeconds:F1} s ({feature.Length / 1e6:F0} MB)");

        watch.Restart();
        var model = new TaskTrainer(seed: 1).Train("bench", () => new FeatureSetReader(new MemoryStream(feature)), labels, null, null, CancellationToken.None);
        Console.WriteLine($"task training: {watch.Elapsed.TotalSeconds:F1} s (AUROC {model.Auroc:F3})");
        var taskModel = TaskModels.Deserialize(model.Model);
        watch.Restart();
        TaskScorer.WriteScores(new FeatureSetReader(new MemoryStream(feature)), taskModel, Stream.Null, CancellationToken.None);
        var taskRun = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"task run (score every user): {taskRun:F2} s");

        watch.Restart();
        var vocabulary = Pipeline.Vocabulary(feature);
        var vocabularySeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        _ = encoder.Dimension; // load the model outside the measurement of encoding
        var load = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var cache = Pipeline.Embed(vocabulary, encoder);
        var encoding = watch.Elapsed.TotalSeconds;
        watch.Restart();
        string[] keywords = ["running", "marathon", "trail shoes"];
        var similarities = Pipeline.Similarities(cache, keywords, encoder);
        var similaritySeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var scorer = new AttributeScorer(similarities, vocabulary, KeywordSet.FromStored(keywords).TokenKeys(), ProfileScoring.Default);
        var lines = Pipeline.WriteResult(feature, scorer, Stream.Null);
        var scoring = watch.Elapsed.TotalSeconds;
        var cold = vocabularySeconds + encoding + similaritySeconds + scoring;
        var warm = vocabularySeconds + similaritySeconds + scoring;
        Console.WriteLine($"profile: vocabulary pass {vocabularySeconds:F2} s, model load {load:F1} s, encoding {cache.Behaviors.Count} behaviours {encoding:F1} s " +
                          $"({cache.Behaviors.Count / encoding:F0}/s), keywords + similarities {similaritySeconds:F2} s, scoring {lines} users {scoring:F2} s");
        Console.WriteLine($"profile, first on the feature (encodes): {cold:F1} s = {cold / taskRun:F1}x the task run; encoder share {encoding / cold:P0}");
        Console.WriteLine($"profile, later ones (cached embeddings): {warm:F2} s = {warm / taskRun:F1}x the task run");
    }
}
