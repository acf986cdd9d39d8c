namespace OpenClue.Client;

/// <summary>Finding the resource a lost create response made (names are unique per tenant, D4).</summary>
internal static class Creates
{
    public static async Task<T?> FindAsync<T>(IAsyncEnumerable<T> all, Func<T, bool> sameName, CancellationToken ct) where T : class
    {
        await foreach (var item in all.WithCancellation(ct))
            if (sameName(item))
                return item;
        return null;
    }
}
