namespace OpenClue.Server.Platform.Jobs;

public readonly record struct ShardOutput(long Users, long Tokens, long Bytes);
