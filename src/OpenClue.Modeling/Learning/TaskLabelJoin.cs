using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 1 of <see cref="TaskTrainer"/>: labels joined to the feature set in one streaming pass per file, with the D16
/// rule (a user in both label files is kept in test only; absent users ignored), the minimum label counts, and the D18
/// holdout when no test set is given. A large explicit test set is only counted here (scored in a second pass later).
/// With an explicit test set and more training users than the fit needs, only a seeded sample of them is held
/// (<see cref="FitSample"/>): memory and the refit's cost stay bounded however many users are labelled. Names are kept
/// only for the ids of the users held, merged into one table (the shards' tables repeat the frequent names).
/// </summary>
internal sealed class TaskLabelJoin
{
    /// <summary>The training users (and, for a holdout task, the held-out ones marked in <see cref="TaskData.Keep"/>).</summary>
    public required TaskData Train { get; init; }
    /// <summary>The test users held in memory (the training data itself for a holdout task), or null when streamed.</summary>
    public TaskData? Test { get; init; }
    /// <summary>Positions in <see cref="Train"/> of the users the model is fitted on.</summary>
    public required int[] FitRows { get; init; }
    public required string ModelName { get; init; }
    public required int Dimension { get; init; }
    /// <summary>Name key → text of the ids of the users held (explanations look up a few dozen).</summary>
    public required IReadOnlyDictionary<uint, string> Names { get; init; }
    /// <summary>Labelled training users present in the feature (before sampling).</summary>
    public required int TrainUsersFound { get; init; }
    /// <summary>Whether the explicit test set is scored in a second streaming pass instead of held in memory.</summary>
    public bool StreamTest { get; init; }

    public static TaskLabelJoin Run(string taskId, IReadOnlyList<Func<FeatureSetReader>> trainShards, IReadOnlyDictionary<string, byte> trainLabels,
        IReadOnlyList<Func<FeatureSetReader>>? testShards, IReadOnlyDictionary<string, byte>? testLabels, int maxTestUsersInMemory, int maxFitUsers,
        int minFitPerClass, int seed, CancellationToken ct)
    {
        // D16: a user in both label files is kept in test only.
        Func<string, bool> inTrain = testLabels is null ? trainLabels.ContainsKey : id => trainLabels.ContainsKey(id) && !testLabels.ContainsKey(id);
        // D18 ranks all present training users, so a holdout task holds them all; otherwise a seeded sample.
        FitSample? sample = testLabels is null ? null : FitSample.For(trainLabels, testLabels, maxFitUsers, minFitPerClass, seed);
        var names = new Dictionary<uint, string>();
        var heldIds = new IdTable(1 << 16); // name keys of the ids of the users held: the names worth keeping
        int trainFound = 0;
        string? modelName = null;
        int dimension = 0;
        TaskData? train = null, test = null;
        // A large explicit test set is not held in memory: its users are counted now and scored in a second pass.
        bool streamTest = testLabels is not null && testLabels.Count > maxTestUsersInMemory;
        var testClassCounts = new int[2];
        // Separate test shards are read on another thread while the training users are joined (the join is otherwise
        // one serial pass per file, with the other cores idle); the training pass's errors still come first.
        using var testCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<TestPass>? testPass = testShards is null ? null : Task.Run(() => ReadTest(testShards, testLabels!, streamTest, testCancel.Token), testCancel.Token);
        try
        {
            foreach (Func<FeatureSetReader> open in trainShards)
            {
                using FeatureSetReader reader = open();
                reader.KeepName = key => heldIds.Get(key, 0) != 0 && !names.ContainsKey(key);
                Check(reader, ref modelName, ref dimension);
                train ??= new TaskData(dimension);
                if (testLabels is not null && testShards is null && !streamTest) test ??= new TaskData(dimension);
                var user = new FeatureUserCursor(reader);
                while (user.MoveNext(ct))
                {
                    if (testLabels is not null && testShards is null && testLabels.TryGetValue(user.UserId, out byte tl))
                    {
                        if (streamTest) testClassCounts[tl]++;
                        else user.AddTo(test!, tl);
                    }
                    else if (inTrain(user.UserId))
                    {
                        trainFound++;
                        if (sample is not null && !sample.Keeps(user.UserId)) continue;
                        user.AddTo(train, trainLabels[user.UserId]);
                        foreach (uint id in user.SparseIds) if (SparseFeatures.KindOf(id) < SparseFeatures.KindActionToken) heldIds.Add(SparseFeatures.NameKey(id), 1);
                    }
                }
                foreach ((uint key, string text) in reader.FeatureNames) names.TryAdd(key, text); // the first text seen wins, as within a shard
            }
        }
        catch
        {
            testCancel.Cancel();
            try { testPass?.Wait(CancellationToken.None); }
            catch (AggregateException) { } // the training pass's error is the one reported
            throw;
        }
        if (train is null) throw new ArgumentException("no train feature shard", nameof(trainShards));
        if (testPass is not null)
        {
            TestPass read = testPass.GetAwaiter().GetResult();
            foreach ((string testModel, int testDimension) in read.Models) Check(testModel, testDimension, ref modelName, ref dimension);
            test = read.Data;
            testClassCounts = read.ClassCounts;
        }
        Require(train.CountLabel(0), train.CountLabel(1), TaskTrainer.MinTrainPerClass, "train");
        if (test is not null) Require(test.CountLabel(0), test.CountLabel(1), TaskTrainer.MinTestPerClass, "test");
        if (streamTest) Require(testClassCounts[0], testClassCounts[1], TaskTrainer.MinTestPerClass, "test");
        ct.ThrowIfCancellationRequested();

        int[] fitRows;
        if (testLabels is null)
        {
            // D18: a seeded share of each class is held out for the test.
            bool[] heldOut = HoldoutSplit.SelectHeldOut(taskId, train.UserIds, train.Labels.AsSpan(0, train.Count).ToArray());
            fitRows = Enumerable.Range(0, train.Count).Where(i => !heldOut[i]).ToArray();
            test = train;
            test.Keep = heldOut;
        }
        else fitRows = Enumerable.Range(0, train.Count).ToArray();
        return new TaskLabelJoin
        {
            Train = train, Test = test, FitRows = fitRows, ModelName = modelName!, Dimension = dimension, Names = names, StreamTest = streamTest,
            TrainUsersFound = testLabels is null ? fitRows.Length : trainFound,
        };
    }


    /// <summary>What the pass over separate test shards found: the users held (null when streamed), the class counts of a
    /// streamed test set, and each shard's model name and dimension (checked against the training shards'; the pass
    /// stops at a shard unlike the first).</summary>
    private sealed record TestPass(TaskData? Data, int[] ClassCounts, List<(string Model, int Dimension)> Models);

    private static TestPass ReadTest(IReadOnlyList<Func<FeatureSetReader>> testShards, IReadOnlyDictionary<string, byte> testLabels, bool streamTest,
        CancellationToken ct)
    {
        TaskData? test = null;
        var classCounts = new int[2];
        var models = new List<(string, int)>();
        foreach (Func<FeatureSetReader> open in testShards)
        {
            using FeatureSetReader reader = open();
            reader.SkipFeatureNames = true; // the columns are the training users' ids, named from the train shards
            models.Add((reader.ModelName, reader.Dimension));
            if (reader.ModelName != models[0].Item1 || reader.Dimension != models[0].Item2) break; // reported against the training shards
            if (!streamTest) test ??= new TaskData(reader.Dimension);
            var user = new FeatureUserCursor(reader);
            while (user.MoveNext(ct))
            {
                if (!testLabels.TryGetValue(user.UserId, out byte tl)) continue;
                if (streamTest) classCounts[tl]++;
                else user.AddTo(test!, tl);
            }
        }
        return new TestPass(test, classCounts, models);
    }

    private static void Check(FeatureSetReader reader, ref string? modelName, ref int dimension) =>
        Check(reader.ModelName, reader.Dimension, ref modelName, ref dimension);

    private static void Check(string shardModel, int shardDimension, ref string? modelName, ref int dimension)
    {
        if (modelName is null)
        {
            modelName = shardModel;
            dimension = shardDimension;
        }
        else if (shardModel != modelName || shardDimension != dimension)
            throw new InvalidOperationException($"Feature sets of different NCLUE models ('{modelName}' and '{shardModel}') cannot be mixed.");
    }

    private static void Require(int negatives, int positives, int minimum, string which)
    {
        if (negatives < minimum || positives < minimum)
            throw new DatasetException(FailMessages.NumOfLabelInsufficient, null, 0,
                $"The {which} set has {negatives} users labelled 0 and {positives} labelled 1 present in its feature; {minimum} of each are needed");
    }
}
