using System.Globalization;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.WebConsole.Components.Shared;

/// <summary>A list page's place and order, read from and written to its query string (<c>?sort=name&amp;dir=asc&amp;index=40</c>).</summary>
public sealed class ListState(string path, ListOrder order, int index)
{
    public const int PageSize = 20;

    public ListOrder Order { get; } = order;
    public int Index { get; } = index;
    public Paging Paging => new(Index, PageSize);

    /// <summary>The list's state from the query; an unknown sort key or a bad index falls back to the default.</summary>
    public static ListState From(string path, string? sort, string? dir, int? index, IReadOnlyList<string> sortable) => new(path,
        sort is not null && sortable.Contains(sort) ? new ListOrder(sort, dir != "asc") : ListOrder.Newest,
        index is >= 0 and < int.MaxValue - PageSize ? index.Value / PageSize * PageSize : 0);

    /// <summary>The list's URL in this order at this place (<c>path</c> may carry a query of its own, ending in <c>?</c> or <c>&amp;</c>).</summary>
    public string Href(string sort, bool descending, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}{(path.EndsWith('?') || path.EndsWith('&') ? "" : "?")}sort={sort}&dir={(descending ? "desc" : "asc")}&index={index}");
}
