using System.Globalization;
using System.Text.Json;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Runs;

/// <summary>
/// A run's <c>envs</c> (and the documented example's <c>env</c>, §9.4): a JSON object whose values become strings
/// (numbers as written, booleans as <c>true</c>/<c>false</c>, null as empty). Names the node variables use are refused.
/// </summary>
public static class RunEnvironment
{
    public const int MaxVariables = 256;
    public const int MaxBytes = 64 << 10;

    public static readonly IReadOnlyList<string> NodeVariables =
        ["RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "NSML_RUN_NAME", "NSML_PROJECT_ID", "HOME"];

    public static Dictionary<string, string> Read(JsonElement body)
    {
        var hasEnvs = body.TryGetProperty("envs", out var envs) && envs.ValueKind != JsonValueKind.Null;
        var hasEnv = body.TryGetProperty("env", out var env) && env.ValueKind != JsonValueKind.Null;
        if (hasEnvs && hasEnv) throw InvalidInputException.Parameter("Give the environment as envs or env, not both.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!hasEnvs && !hasEnv) return result;
        var field = hasEnvs ? "envs" : "env";
        var map = hasEnvs ? envs : env;
        if (map.ValueKind != JsonValueKind.Object) throw InvalidInputException.Parameter($"{field} must be an object of names to values.");
        var bytes = 0;
        foreach (var variable in map.EnumerateObject())
        {
            var name = variable.Name;
            if (name.Length == 0 || name.Contains('=') || name.Contains('\0'))
                throw InvalidInputException.Parameter($"{field}: '{name}' is not a valid variable name (empty, or holds '=' or NUL).");
            if (NodeVariables.Contains(name))
                throw InvalidInputException.Parameter($"{field}: {name} is set by the server for every node and cannot be given.");
            var value = variable.Value.ValueKind switch
            {
                JsonValueKind.String => variable.Value.GetString()!,
                JsonValueKind.Number => variable.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => "",
                _ => throw InvalidInputException.Parameter($"{field}: the value of {name} must be a string, number or boolean."),
            };
            if (value.Contains('\0')) throw InvalidInputException.Parameter($"{field}: the value of {name} holds NUL.");
            result[name] = value;
            bytes += name.Length + value.Length;
        }
        if (result.Count > MaxVariables) throw InvalidInputException.Parameter($"{field} may hold at most {MaxVariables} variables.");
        if (bytes > MaxBytes) throw InvalidInputException.Parameter($"{field} may hold at most {MaxBytes} characters in all.");
        return result;
    }

    public static string ToJson(IReadOnlyDictionary<string, string> envs) =>
        JsonSerializer.Serialize(envs, NsmlJsonContext.Relaxed.IReadOnlyDictionaryStringString);

    public static IReadOnlyDictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize(json, NsmlJsonContext.Relaxed.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>();

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
