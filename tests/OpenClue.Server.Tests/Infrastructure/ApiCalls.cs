using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>Small helpers for JSON calls and for waiting on a job's status.</summary>
public static class ApiCalls
{
    public sealed record Reply(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)
    {
        public string Field(string name) => Body.GetProperty(name).GetString()!;
        public string ErrorCode => Body.GetProperty("error").GetProperty("errorCode").GetString()!;
        public string ErrorMessage => Body.GetProperty("error").GetProperty("message").GetString()!;
        public override string ToString() => $"{(int)Status} {Body}";
    }

    public static async Task<Reply> PostJsonAsync(this HttpClient client, string path, object body) =>
        await client.PostRawAsync(path, JsonSerializer.Serialize(body));

    /// <summary>Posts the body as NCLUE's curl examples do: no JSON Content-Type.</summary>
    public static async Task<Reply> PostRawAsync(this HttpClient client, string path, string body)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        return await ReadAsync(await client.PostAsync(path, content));
    }

    public static async Task<Reply> GetJsonAsync(this HttpClient client, string path) => await ReadAsync(await client.GetAsync(path));

    public static async Task<Reply> DeleteJsonAsync(this HttpClient client, string path) => await ReadAsync(await client.DeleteAsync(path));

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new Reply(response.StatusCode, body, response);
    }

    /// <summary>Polls GET <paramref name="path"/> until the job ends; returns every distinct status seen, in order, and the last reply.</summary>
    public static async Task<(List<string> Seen, Reply Last)> WaitForEndAsync(this HttpClient client, string path, TimeSpan? timeout = null)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var reply = await client.GetJsonAsync(path);
            if (reply.Status != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {reply}");
            var status = reply.Field("status");
            if (seen.Count == 0 || seen[^1] != status) seen.Add(status);
            if (status is "completed" or "failed") return (seen, reply);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} still {status}: {reply}");
            await Task.Delay(50);
        }
    }
}
