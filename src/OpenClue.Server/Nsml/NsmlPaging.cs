namespace OpenClue.Server.Nsml;

/// <summary>A page of a list (N5): <see cref="Page"/> from 1, <see cref="PageSize"/> 1–100.</summary>
public readonly record struct NsmlPaging(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;
}
