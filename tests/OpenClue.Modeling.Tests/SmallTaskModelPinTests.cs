using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>
/// Models of small training sets (≤ 2,000 users: repeated selection, the real-data quality sets) are pinned byte for
/// byte: training speed-ups must leave them unchanged (bench/results/perf-findings.md, "Round four, training"). The
/// fits sum with <c>TensorPrimitives</c>, whose rounding follows the vector width, so the hashes hold on AVX-512
/// machines (where they were recorded); elsewhere the test checks that a rerun gives the same bytes.
/// </summary>
public class SmallTaskModelPinTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    public static TheoryData<int, int, string> Sets => new()
    {
        // training users (holdout when 0 test users), test users, SHA-256 of the model
        { 800, 0, "e15534f14d82f7db1d9ba6561b437ab60ac76d13abeb67b4606cad4b5d25d9fd" },
        { 2_000, 400, "3ef271758802658aa6c370f13e223c39d0ea5973c529e5534532ce26a04f5289" },
        { 3_000, 400, "5cf0e9d2a91ffec75d7abd086a6ae14edb7430ee64c2444f3fabe8ea03cd133b" },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Small_training_sets_give_the_pinned_model_bytes(int train, int test, string expected)
    {
        var users = Synthetic.Users(train + test, 21, "u");
        byte[] features = Synthetic.Features(Hash, users);
        var labels = users.ToDictionary(u => u.Id, u => u.Label);
        Dictionary<string, byte> trainLabels = labels.Take(train).ToDictionary();
        Dictionary<string, byte>? testLabels = test == 0 ? null : labels.Skip(train).ToDictionary();
        TaskTrainingResult Train() => new TaskTrainer(5).Train("pin", Synthetic.Open(features), test == 0 ? labels : trainLabels,
            test == 0 ? null : Synthetic.Open(features), testLabels, default);
        byte[] model = Train().Model;
        string sha = Convert.ToHexStringLower(SHA256.HashData(model));
        if (Vector512.IsHardwareAccelerated) Assert.Equal(expected, sha);
        else Assert.Equal(model, Train().Model);
    }
}
