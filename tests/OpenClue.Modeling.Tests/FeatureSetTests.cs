using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Tests;

public class FeatureSetTests
{
    private static byte[] WriteSample(int users, bool complete = true)
    {
        var output = new MemoryStream();
        using (var writer = new FeatureSetWriter(output, "oc-hash-1", 4, leaveOpen: true))
        {
            for (int i = 0; i < users; i++) writer.Write($"사용자{i}", [i, -i, 0.5f, float.Epsilon], tokenCount: i * 10);
            if (complete) writer.Complete();
            Assert.Equal(users, writer.UserCount);
            Assert.Equal(Enumerable.Range(0, users).Sum(i => i * 10L), writer.TokenCount);
        }
        return output.ToArray();
    }

    [Fact]
    public void RoundTrips()
    {
        byte[] bytes = WriteSample(3);
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        Assert.Equal("oc-hash-1", reader.ModelName);
        Assert.Equal(4, reader.Dimension);
        var vector = new float[4];
        for (int i = 0; i < 3; i++)
        {
            Assert.True(reader.TryRead(out string id, vector, out int tokens));
            Assert.Equal($"사용자{i}", id);
            Assert.Equal(i * 10, tokens);
            Assert.Equal([i, -i, 0.5f, float.Epsilon], vector);
        }
        Assert.False(reader.TryRead(out _, vector));
        Assert.False(reader.TryRead(out _, vector));
        Assert.Equal(3, reader.UserCount);
        Assert.Equal(30, reader.TokenCount);
    }

    [Fact]
    public void EmptySetRoundTrips()
    {
        using var reader = new FeatureSetReader(new MemoryStream(WriteSample(0)));
        Assert.False(reader.TryRead(out _, new float[4]));
    }

    [Fact]
    public void EveryTruncationIsDetected()
    {
        byte[] bytes = WriteSample(2);
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() =>
            {
                using var reader = new FeatureSetReader(new MemoryStream(bytes, 0, length));
                var vector = new float[4];
                while (reader.TryRead(out _, vector)) { }
            });
        }
    }

    [Fact]
    public void MissingFooterIsDetected()
    {
        byte[] bytes = WriteSample(2, complete: false);
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        var vector = new float[4];
        Assert.True(reader.TryRead(out _, vector));
        Assert.True(reader.TryRead(out _, vector));
        Assert.Throws<InvalidDataException>(() => reader.TryRead(out _, vector));
    }

    [Fact]
    public void FooterCountMismatchIsDetected()
    {
        byte[] bytes = WriteSample(2);
        bytes[^20] ^= 1; // user count in the footer
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        var vector = new float[4];
        reader.TryRead(out _, vector);
        reader.TryRead(out _, vector);
        Assert.Throws<InvalidDataException>(() => reader.TryRead(out _, vector));
    }

    [Fact]
    public void BadMagicIsRejected()
    {
        byte[] bytes = WriteSample(1);
        bytes[0] = (byte)'X';
        Assert.Throws<InvalidDataException>(() => new FeatureSetReader(new MemoryStream(bytes)));
    }

    [Fact]
    public void WriterValidatesInput()
    {
        using var writer = new FeatureSetWriter(new MemoryStream(), "m", 2);
        Assert.Throws<ArgumentException>(() => writer.Write("u", [1f], 0));
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.Write("u", [1f, 2f], 0));
    }

    [Fact]
    public void WriterDisposesStreamUnlessLeftOpen()
    {
        var owned = new MemoryStream();
        new FeatureSetWriter(owned, "m", 1).Dispose();
        Assert.False(owned.CanWrite);
        var kept = new MemoryStream();
        new FeatureSetWriter(kept, "m", 1, leaveOpen: true).Dispose();
        Assert.True(kept.CanWrite);
    }
}
