namespace OpenClue.Server.Nsml.Api;

/// <summary>Thrown by the NSML services; written as the N7 body by <see cref="NsmlEndpoints"/>' filter.</summary>
public sealed class NsmlException(NsmlError error, string details) : Exception(details)
{
    public NsmlError Error { get; } = error;

    public static NsmlException Invalid(string details) => new(NsmlError.InvalidParameter, details);
    public static NsmlException NotFound(string details) => new(NsmlError.NotFound, details);
    public static NsmlException NotAcceptable(string details) => new(NsmlError.NotAcceptable, details);
}
