using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Server.Nclue.Features;

namespace OpenClue.Server.Tests;

/// <summary>
/// The cross-shard user-id check from the hashes the shard jobs store: the same verdict as reading the shards, when
/// some shards have no stored hashes, and never a failure from two different ids with one hash.
/// </summary>
public sealed class UniqueUserIdsTests
{
    private static byte[] Shard(params string[] ids)
    {
        var output = new MemoryStream();
        using (var writer = new FeatureSetWriter(output, new HashBehaviorEncoder(), leaveOpen: true))
        {
            foreach (var id in ids) writer.Write(new UserSequence { UserId = id, Behaviors = ["view shoes", "buy 신발"] });
            writer.Complete();
        }
        return output.ToArray();
    }

    private static ulong[] Stored(params string[] ids)
    {
        var hashes = ids.Select(UniqueUserIds.Hash).ToArray();
        var bytes = new MemoryStream();
        UniqueUserIds.WriteHashes(bytes, hashes);
        bytes.Position = 0;
        return UniqueUserIds.ReadHashes(bytes);
    }

    private static void Check(byte[][] shards, ulong[]?[] hashes) =>
        UniqueUserIds.Check(
            shards.Select(s => (Func<FeatureSetReader>)(() => new FeatureSetReader(new MemoryStream(s)))).ToList(),
            hashes.Select(h => (Func<ulong[]?>)(() => h)).ToList(), CancellationToken.None);

    public static TheoryData<bool, bool> Stores => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    [Theory]
    [MemberData(nameof(Stores))]
    public void Distinct_ids_pass_and_a_repeated_id_fails_whichever_shards_stored_their_hashes(bool firstStored, bool secondStored)
    {
        string[] first = ["a", "사용자-1", "c"], second = ["d", "e"], repeated = ["f", "사용자-1"];
        Check([Shard(first), Shard(second)], [firstStored ? Stored(first) : null, secondStored ? Stored(second) : null]);
        var ex = Assert.Throws<DatasetException>(() =>
            Check([Shard(first), Shard(repeated)], [firstStored ? Stored(first) : null, secondStored ? Stored(repeated) : null]));
        Assert.Equal(FailMessages.DuplicateUserId, ex.FailMessage);
        Assert.Contains("사용자-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_stored_twice_for_different_ids_is_checked_exactly_and_passes()
    {
        // As if "a" and "b" collided: the stored hashes repeat, the exact pass over the shards finds no repeated id.
        var collided = UniqueUserIds.Hash("a");
        Check([Shard("a"), Shard("b")], [[collided], [collided]]);
    }

    [Fact]
    public void Stored_hashes_are_sorted_and_read_back()
    {
        var hashes = new ulong[] { 9, 3, ulong.MaxValue, 0, 3, 42 };
        var bytes = new MemoryStream();
        UniqueUserIds.WriteHashes(bytes, hashes.AsSpan(0, 5));
        Assert.Equal(40, bytes.Length);
        bytes.Position = 0;
        Assert.Equal([0UL, 3, 3, 9, ulong.MaxValue], UniqueUserIds.ReadHashes(bytes));
        Assert.Throws<InvalidDataException>(() => UniqueUserIds.ReadHashes(new MemoryStream(new byte[12])));
    }
}
