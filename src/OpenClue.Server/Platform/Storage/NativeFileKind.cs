namespace OpenClue.Server.Platform.Storage;

/// <summary>What a path is, as the kernel says (never guessed from its name).</summary>
public enum NativeFileKind { Missing, Regular, Directory, SymbolicLink, Fifo, Other }
