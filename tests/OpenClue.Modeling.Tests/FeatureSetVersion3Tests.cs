using System.Buffers.Binary;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Tests;

/// <summary>
/// Version 3 changed only how the sparse part is laid out. Data/features-v2.ocfs was written by the version-2 writer
/// (commit c0a4125, <c>OpenClue.Benchmarks featurebuild Data/features-v2.tsv</c> run with ICU, i.e. its runtimeconfig's
/// <c>System.Globalization.Invariant</c> false as in the tests: the tool's invariant mode normalises some text differently);
/// it must still read, and the version-3
/// file the writer makes now from the same sequences must hold the same users, vectors, sparse entries and names.
/// </summary>
public class FeatureSetVersion3Tests
{
    private sealed record Record(string Id, int Tokens, float[] Dense, uint[] Ids, byte[] Counts);

    private static List<Record> WithoutItemIds(List<Record> users)
    {
        var result = new List<Record>(users.Count);
        foreach (Record u in users)
        {
            int[] keep = Enumerable.Range(0, u.Ids.Length).Where(i => SparseFeatures.KindOf(u.Ids[i]) != SparseFeatures.KindItem).ToArray();
            result.Add(u with { Ids = [.. keep.Select(i => u.Ids[i])], Counts = [.. keep.Select(i => u.Counts[i])] });
        }
        return result;
    }

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    private static (int Version, List<Record> Users, Dictionary<uint, string> Names) ReadAll(byte[] bytes, bool trickle = false)
    {
        using var reader = new FeatureSetReader(trickle ? new TestData.TrickleStream(bytes) : new MemoryStream(bytes));
        var users = new List<Record>();
        var u = new UserFeatures();
        while (reader.TryRead(u))
            users.Add(new Record(u.UserId, u.TokenCount, (float[])u.Dense.Clone(), u.SparseIds.ToArray(), u.SparseCounts.ToArray()));
        return (reader.Version, users, reader.FeatureNames.ToDictionary());
    }

    private static List<Record> ReadBatches(byte[] bytes, int capacity, bool skipSparse, bool trickle)
    {
        using var reader = new FeatureSetReader(trickle ? new TestData.TrickleStream(bytes) : new MemoryStream(bytes)) { SkipFeatureNames = true };
        var batch = new FeatureBatch(reader.Dimension, capacity) { SkipSparse = skipSparse };
        var users = new List<Record>();
        while (reader.ReadBatch(batch) > 0)
            for (int k = 0; k < batch.Count; k++)
            {
                var dense = new float[reader.Dimension];
                batch.Dequantize(k, dense);
                users.Add(new Record(batch.UserId(k), batch.TokenCount(k), dense, batch.SparseIds(k).ToArray(), batch.SparseCounts(k).ToArray()));
            }
        return users;
    }

    private static void AssertSame(List<Record> expected, List<Record> actual, bool sparse = true)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].Tokens, actual[i].Tokens);
            Assert.Equal(expected[i].Dense, actual[i].Dense);
            Assert.Equal(sparse ? expected[i].Ids : [], actual[i].Ids);
            Assert.Equal(sparse ? expected[i].Counts : [], actual[i].Counts);
        }
    }

    [Fact]
    public void A_stored_version_2_file_reads_as_the_version_3_file_written_from_the_same_sequences()
    {
        byte[] v2 = File.ReadAllBytes(DataFile("features-v2.ocfs"));
        byte[] tsv = File.ReadAllBytes(DataFile("features-v2.tsv"));
        var output = new MemoryStream();
        using (var writer = new FeatureSetWriter(output, new HashBehaviorEncoder(), leaveOpen: true))
        {
            foreach (UserSequence user in SequenceDatasetReader.Read([new DatasetPart("v2.tsv", () => new MemoryStream(tsv))])) writer.Write(user);
            writer.Complete();
        }
        byte[] v3 = output.ToArray();
        var old = ReadAll(v2);
        var now = ReadAll(v3);
        Assert.Equal(2, old.Version);
        Assert.Equal(3, now.Version);
        Assert.Equal(48, old.Users.Count);
        var lengths = new HashSet<int>(); // byte lengths of the deltas: 1 to 3 at least (a first id of kind ≥ 1 takes 4)
        foreach (Record u in old.Users)
            for (int i = 0; i < u.Ids.Length; i++)
            {
                uint delta = u.Ids[i] - (i == 0 ? 0 : u.Ids[i - 1]);
                lengths.Add(delta < 1u << 8 ? 1 : delta < 1u << 16 ? 2 : delta < 1u << 24 ? 3 : 4);
            }
        Assert.Superset(new HashSet<int> { 1, 2, 3 }, lengths);
        // The version-2 file predates the item kind; apart from its ids the writer emits what it did then.
        Assert.Contains(now.Users, u => u.Ids.Any(id => SparseFeatures.KindOf(id) == SparseFeatures.KindItem));
        AssertSame(old.Users, WithoutItemIds(now.Users));
        Assert.Equal(old.Names, now.Names);
        foreach ((byte[] file, List<Record> expected) in new[] { (v2, old.Users), (v3, now.Users) })
            foreach (bool trickle in new[] { false, true })
            {
                AssertSame(expected, ReadAll(file, trickle).Users);
                AssertSame(expected, ReadBatches(file, 5, skipSparse: false, trickle));
                AssertSame(expected, ReadBatches(file, 7, skipSparse: true, trickle), sparse: false);
            }
    }

    /// <summary>A version-3 file of hand-made users, each record's sparse part written by the writer's own encoder.</summary>
    private static byte[] Version3File(List<Record> users, int dimension)
    {
        var file = new MemoryStream();
        file.Write("OCFS"u8);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(word, FeatureSetFormat.Version3);
        BinaryPrimitives.WriteUInt16LittleEndian(word[2..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(word[4..], 9);
        file.Write(word);
        file.Write("oc-hash-1"u8);
        BinaryPrimitives.WriteInt32LittleEndian(word, dimension);
        file.Write(word[..4]);
        int blocks = FeatureSetFormat.BlockCount(dimension);
        long tokens = 0;
        foreach (Record u in users)
        {
            var record = new byte[64 + 2 * blocks + dimension + 6 * u.Ids.Length];
            int o = 0;
            record[o++] = FeatureSetFormat.RecordTag2;
            byte[] id = System.Text.Encoding.UTF8.GetBytes(u.Id);
            record[o++] = (byte)id.Length;
            id.CopyTo(record, o);
            o += id.Length;
            record[o++] = (byte)u.Tokens;
            tokens += u.Tokens;
            for (int b = 0; b < blocks; b++, o += 2) BinaryPrimitives.WriteHalfLittleEndian(record.AsSpan(o), (Half)0.5f);
            for (int j = 0; j < dimension; j++) record[o++] = (byte)(sbyte)(j % 7 - 3);
            var sparse = new SparseFeatures.Builder { Ids = u.Ids, Counts = u.Counts, Length = u.Ids.Length };
            o += FeatureSetWriter.WriteSparse(record.AsSpan(o), sparse);
            file.Write(record, 0, o);
        }
        file.WriteByte(FeatureSetFormat.FooterTag);
        BinaryPrimitives.WriteInt64LittleEndian(word, users.Count);
        file.Write(word);
        BinaryPrimitives.WriteInt64LittleEndian(word, tokens);
        file.Write(word);
        file.Write("OCFE"u8);
        return file.ToArray();
    }

    private static List<Record> RandomUsers(int seed, int dimension)
    {
        var r = new Random(seed);
        var dense = new float[dimension];
        for (int j = 0; j < dimension; j++) dense[j] = (j % 7 - 3) * 0.5f;
        var users = new List<Record>();
        int[] sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 383, 384, 385, 2_000];
        for (int u = 0; u < sizes.Length * 3; u++)
        {
            int n = sizes[u % sizes.Length];
            // Deltas of 1, 2, 3 and 4 bytes mixed (ids up to uint.MaxValue), and a first id of 0 now and then.
            var ids = new SortedSet<uint>();
            if (u % 5 == 0 && n > 0) ids.Add(0);
            while (ids.Count < n)
                ids.Add(r.Next(4) switch
                {
                    0 => (uint)r.Next(1 << 8),
                    1 => (uint)r.Next(1 << 20),
                    2 => (uint)r.NextInt64(1L << 27),
                    _ => (uint)r.NextInt64(1L << 32),
                });
            byte[] counts = new byte[n];
            r.NextBytes(counts);
            users.Add(new Record($"u{u}", r.Next(100), (float[])dense.Clone(), ids.ToArray(), counts));
        }
        return users;
    }

    [Fact]
    public void Version_3_sparse_parts_round_trip_through_every_reader_path()
    {
        const int dimension = 40;
        List<Record> users = RandomUsers(17, dimension);
        byte[] file = Version3File(users, dimension);
        var read = ReadAll(file);
        Assert.Equal(3, read.Version);
        AssertSame(users, read.Users);
        AssertSame(users, ReadAll(file, trickle: true).Users);
        foreach (int capacity in new[] { 1, 4, 64 })
        {
            AssertSame(users, ReadBatches(file, capacity, skipSparse: false, trickle: capacity == 4));
            AssertSame(users, ReadBatches(file, capacity, skipSparse: true, trickle: capacity == 4), sparse: false);
        }
    }

    [Fact]
    public void The_vector_and_scalar_decoders_give_the_written_ids_and_counts()
    {
        foreach (Record u in RandomUsers(23, 8))
        {
            var bytes = new byte[16 + 6 * u.Ids.Length];
            int length = FeatureSetWriter.WriteSparse(bytes, new SparseFeatures.Builder { Ids = u.Ids, Counts = u.Counts, Length = u.Ids.Length });
            int p = 0;
            Assert.Equal((uint)u.Ids.Length, Varint(bytes, ref p));
            uint deltaBytes = Varint(bytes, ref p);
            foreach (bool vector in new[] { false, true })
            {
                var ids = new uint[u.Ids.Length];
                var counts = new byte[u.Ids.Length];
                FeatureRecordParser.DecodeGrouped(bytes.AsSpan(p, length - p), (int)deltaBytes, ids, counts, vector);
                Assert.Equal(u.Ids, ids);
                Assert.Equal(u.Counts, counts);
            }
        }
    }

    private static uint Varint(byte[] bytes, ref int p)
    {
        uint value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[p++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    [Fact]
    public void Corrupt_version_3_sparse_parts_are_rejected()
    {
        const int dimension = 8;
        var user = new Record("u", 3, new float[dimension], [5, 300, 70_000, 20_000_000], [1, 2, 3, 4]);
        byte[] good = Version3File([user], dimension);
        Record read = Assert.Single(ReadAll(good).Users);
        Assert.Equal(user.Ids, read.Ids);
        Assert.Equal(user.Counts, read.Counts);
        // Header 25 bytes; record: tag, id length, "u", token count, one f16 scale, 8 dense bytes, then the sparse part:
        // count 4, delta bytes 1 + 2 + 3 + 4 = 10, control 0b11_10_01_00 (byte lengths − 1, first entry lowest).
        int sparseAt = 25 + 4 + 2 + dimension;
        Assert.Equal([4, 10, 0b11_10_01_00], good.AsSpan(sparseAt, 3).ToArray());
        byte[] repeated = (byte[])good.Clone();
        repeated[sparseAt + 2] = 0b11_10_00_00; // the second delta one byte: 300 → 44, bytes no longer add up
        Assert.Throws<InvalidDataException>(() => ReadAll(repeated));
        byte[] zero = Version3File([user with { Ids = [5, 5, 70_000, 20_000_000] }], dimension);
        Assert.Contains("ascending", Assert.Throws<InvalidDataException>(() => ReadAll(zero)).Message);
        foreach (byte deltaBytes in new byte[] { 3, 17 }) // below one byte per entry, above four
        {
            byte[] bad = (byte[])good.Clone();
            bad[sparseAt + 1] = deltaBytes;
            Assert.Contains("sparse byte length", Assert.Throws<InvalidDataException>(() => ReadAll(bad)).Message);
        }
        for (int cut = sparseAt; cut < good.Length - 20; cut++) // a file cut inside the sparse part is truncated
            Assert.Throws<InvalidDataException>(() => ReadAll(good[..cut]));
    }
}
