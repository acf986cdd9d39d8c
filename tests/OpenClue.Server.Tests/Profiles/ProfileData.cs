using System.Globalization;
using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>Request bodies and creation helpers of the profile tests.</summary>
public static class ProfileData
{
    public const string CustomPath = "/api/v1/profile/custom-attributes";
    public const string IntentPath = "/api/v1/profile/shopping-intents";
    public const string DownloadPath = "/api/v1/profile/shopping-intents-download";

    public static Dictionary<string, object?> CustomBody(string name, string featureId, string keywords, string bucket, string path) =>
        new() { ["name"] = name, ["feature_id"] = featureId, ["keyword_set"] = keywords, ["result_bucket"] = bucket, ["result_file_path"] = path };

    public static Dictionary<string, object?> IntentBody(string name, string taskId) => new() { ["name"] = name, ["task_id"] = taskId };

    public static async Task<(string Id, ApiCalls.Reply Last)> CreateCompletedCustomAsync(HttpClient client, string featureId, string keywords,
        string bucket, string path)
    {
        var reply = await client.PostJsonAsync(CustomPath, CustomBody(Unique("ca"), featureId, keywords, bucket, path));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var id = reply.Field("profile_id");
        var (_, last) = await client.WaitForEndAsync($"{CustomPath}/{id}", TimeSpan.FromMinutes(3));
        Assert.True(last.Field("status") == "completed", last.ToString());
        return (id, last);
    }

    public static async Task<(string Id, ApiCalls.Reply Last)> CreateCompletedIntentAsync(HttpClient client, string taskId)
    {
        var reply = await client.PostJsonAsync(IntentPath, IntentBody(Unique("si"), taskId));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var id = reply.Field("profile_id");
        var (_, last) = await client.WaitForEndAsync($"{IntentPath}/{id}", TimeSpan.FromMinutes(3));
        Assert.True(last.Field("status") == "completed", last.ToString());
        return (id, last);
    }

    /// <summary>The lines of a custom-attributes result: user id and similarity.</summary>
    public static List<(string User, double Similarity)> ReadResult(string file) =>
        File.ReadAllLines(file).Select(line =>
        {
            var parts = line.Split('\t');
            Assert.Equal(2, parts.Length);
            Assert.Matches(@"^-?\d\.\d{6}$", parts[1]);
            return (parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture));
        }).ToList();

    /// <summary>AUROC of scores against 0/1 labels (Mann–Whitney, ties half).</summary>
    public static double Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if (!positive[i]) continue;
            for (int j = 0; j < scores.Count; j++)
            {
                if (positive[j]) continue;
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }
}
