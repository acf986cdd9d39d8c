using System.Runtime.CompilerServices;

namespace OpenClue.Client;

/// <summary>Walks an index/limit list (D4) page by page until <c>total</c> is reached or a page comes back empty.</summary>
internal static class Paging
{
    public const int MaxLimit = 100;

    public static async IAsyncEnumerable<TItem> AllAsync<TItem>(
        Func<int, int, CancellationToken, Task<(int Total, IReadOnlyList<TItem> Items)>> page,
        int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxLimit);
        for (var index = 0; ;)
        {
            var (total, items) = await page(index, pageSize, ct);
            foreach (var item in items) yield return item;
            index += items.Count;
            if (items.Count == 0 || index >= total) yield break;
        }
    }
}
