namespace OpenClue.Server.Platform.Errors;

/// <summary>Why a request's input is refused; surfaces with finer codes than "invalid parameter" tell these apart.</summary>
public enum InputProblem
{
    /// <summary>A field is missing, of the wrong type, out of range, or the body is not a JSON object.</summary>
    Invalid,
    NameTooLong,
    InvalidPathCharacter,
    PersonalData,
    /// <summary>Resources built with different NCLUE models are combined (D13).</summary>
    ModelMismatch,
    BodyTooLarge,
}
