using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ClientWire = OpenClue.Client.Contracts;
using ServerWire = OpenClue.Server.Nclue;

namespace OpenClue.Client.Tests;

/// <summary>
/// The client and the server each define the wire records. Every server response, with every field set, must
/// round-trip through the client's record unchanged (no field lost, renamed or of another type), the client may
/// not expect fields the server never sends, and every field a server request reads must be sent by the client.
/// </summary>
public class WireContractParityTests
{
    private static readonly JsonSerializerOptions ServerJson = new(JsonSerializerDefaults.Web);

    public static TheoryData<Type, Type> Responses => new()
    {
        { typeof(ServerWire.Features.FeatureCreated), typeof(ClientWire.FeatureCreated) },
        { typeof(ServerWire.Features.FeatureView), typeof(ClientWire.FeatureInfo) },
        { typeof(ServerWire.Features.FeatureList), typeof(ClientWire.FeatureList) },
        { typeof(ServerWire.Features.FeatureDeleted), typeof(ClientWire.FeatureDeleted) },
        { typeof(ServerWire.Tasks.TaskCreated), typeof(ClientWire.TaskCreated) },
        { typeof(ServerWire.Tasks.TaskView), typeof(ClientWire.TaskInfo) },
        { typeof(ServerWire.Tasks.TaskList), typeof(ClientWire.TaskList) },
        { typeof(ServerWire.Tasks.TaskDeleted), typeof(ClientWire.TaskDeleted) },
        { typeof(ServerWire.Tasks.TaskReport), typeof(ClientWire.TaskReport) },
        { typeof(ServerWire.TaskRuns.TaskRunCreated), typeof(ClientWire.TaskRunCreated) },
        { typeof(ServerWire.TaskRuns.TaskRunView), typeof(ClientWire.TaskRunInfo) },
        { typeof(ServerWire.TaskRuns.TaskRunList), typeof(ClientWire.TaskRunList) },
        { typeof(ServerWire.TaskRuns.TaskRunDeleted), typeof(ClientWire.TaskRunDeleted) },
        { typeof(ServerWire.Models.ModelCreated), typeof(ClientWire.ModelCreated) },
        { typeof(ServerWire.Models.ModelView), typeof(ClientWire.ModelInfo) },
        { typeof(ServerWire.Models.ModelList), typeof(ClientWire.ModelList) },
        { typeof(ServerWire.Profiles.CustomAttributesCreated), typeof(ClientWire.CustomAttributesCreated) },
        { typeof(ServerWire.Profiles.CustomAttributesView), typeof(ClientWire.CustomAttributesInfo) },
        { typeof(ServerWire.Profiles.CustomAttributesList), typeof(ClientWire.CustomAttributesList) },
        { typeof(ServerWire.Profiles.ProfileDeleted), typeof(ClientWire.ProfileDeleted) },
        { typeof(ServerWire.Profiles.ShoppingIntentCreated), typeof(ClientWire.ShoppingIntentCreated) },
        { typeof(ServerWire.Profiles.ShoppingIntentView), typeof(ClientWire.ShoppingIntentInfo) },
        { typeof(ServerWire.Profiles.ShoppingIntentList), typeof(ClientWire.ShoppingIntentList) },
        { typeof(ServerWire.Buckets.ObjectView), typeof(ClientWire.ObjectInfo) },
        { typeof(ServerWire.Buckets.ObjectList), typeof(ClientWire.ObjectList) },
        { typeof(ServerWire.Buckets.ObjectDeleted), typeof(ClientWire.ObjectDeleted) },
    };

    public static TheoryData<Type, Type> Requests => new()
    {
        { typeof(ClientWire.CreateFeatureRequest), typeof(ServerWire.Features.FeatureCreateRequest) },
        { typeof(ClientWire.CreateTaskRequest), typeof(ServerWire.Tasks.TaskCreateRequest) },
        { typeof(ClientWire.CreateTaskRunRequest), typeof(ServerWire.TaskRuns.TaskRunCreateRequest) },
        { typeof(ClientWire.CreateModelRequest), typeof(ServerWire.Models.ModelCreateRequest) },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void Every_server_response_round_trips_through_the_client_record(Type server, Type client)
    {
        var sent = JsonSerializer.SerializeToNode(Sample(server), server, ServerJson)!;

        var received = JsonSerializer.Deserialize(sent.ToJsonString(), client, JsonApi.Json)!;
        var again = JsonSerializer.SerializeToNode(received, client, JsonApi.Json)!;

        Assert.True(JsonNode.DeepEquals(sent, again), $"{server.Name} -> {client.Name}\nserver: {sent.ToJsonString()}\nclient: {again.ToJsonString()}");
        Assert.Equal(WireNames(server).Order(), WireNames(client).Order()); // and the client expects nothing the server never sends
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_field_a_server_request_reads_is_sent_by_the_client(Type client, Type server)
    {
        var sent = JsonSerializer.SerializeToNode(Sample(client), client, JsonApi.Json)!.AsObject();
        var read = JsonSerializer.Deserialize(sent.ToJsonString(), server, ServerJson)!;
        var readBack = JsonSerializer.SerializeToNode(read, server, ServerJson)!.AsObject();

        foreach (var (name, value) in readBack)
            Assert.True(sent.ContainsKey(name) && JsonNode.DeepEquals(sent[name], value), $"{server.Name}.{name}: the client sends {sent[name]?.ToJsonString() ?? "nothing"}");
    }

    [Fact]
    public void Every_response_record_of_the_server_has_a_client_counterpart()
    {
        var paired = Responses.Select(row => (Type)row[0]).ToHashSet();
        var contracts = typeof(ServerWire.Features.FeatureView).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Namespace?.StartsWith("OpenClue.Server.Nclue", StringComparison.Ordinal) == true)
            .Where(t => t.Name.EndsWith("View", StringComparison.Ordinal) || t.Name.EndsWith("Created", StringComparison.Ordinal) ||
                        t.Name.EndsWith("List", StringComparison.Ordinal) || t.Name.EndsWith("Deleted", StringComparison.Ordinal) || t.Name == "TaskReport");
        Assert.All(contracts, t => Assert.True(paired.Contains(t), $"{t.FullName} has no client record in this test"));
    }

    private static IEnumerable<string> WireNames(Type record) =>
        record.GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>();

    /// <summary>An instance with every field set: strings named after their parameter, numbers, true, one-item lists.</summary>
    private static object Sample(Type type, int depth = 0)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!, depth)).ToArray());
    }

    private static object Value(Type type, string name, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return $"{name}-value";
        if (type == typeof(int)) return 7;
        if (type == typeof(long)) return 7L;
        if (type == typeof(double)) return 0.25;
        if (type == typeof(bool)) return true;
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
            list.Add(Value(item, name, depth + 1));
            return list;
        }
        if (depth < 4 && type.IsClass) return Sample(type, depth + 1);
        throw new NotSupportedException($"No sample for {type} ({name}).");
    }
}
