namespace OpenClue.Modeling.Data;

/// <summary>
/// One file of a dataset; a directory dataset is several parts read in the given order.
/// <paramref name="Open"/> is called once per read and the returned stream is disposed by the reader.
/// </summary>
public sealed record DatasetPart(string Name, Func<Stream> Open);
