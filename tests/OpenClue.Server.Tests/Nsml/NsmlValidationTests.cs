using System.Net;
using System.Text.Json;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>Every documented validation rule (N8) with its status, and the N7 error body; bad input stores nothing.</summary>
public sealed class NsmlValidationTests
{
    public const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGqCjH1vJ2Kp0XWvLkQ2bQ6D9c4ZzQ1bqv2o0O8p3Yx0 user@host";

    private static object Run(object? command = null, int code = 1, int nodes = 1, string type = "BASE",
        string image = "nvcr.io/nvidia/mxnet:21.02-py3") =>
        new { gpuSvrCode = code, nodeCount = nodes, imageType = type, imagePath = image, command };

    [Fact]
    public async Task Projects_runs_keys_and_repositories_refuse_bad_input_with_the_documented_status()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var client = host.Client;
        async Task Expect(HttpStatusCode status, string code, string method, string path, string json)
        {
            var reply = await client.SendJsonAsync(new HttpMethod(method), NsmlCalls.Base + path, json);
            Assert.True(reply.Status == status, $"{method} {path} {json}: {reply}");
            Assert.Equal(code, reply.ErrorCode);
            Assert.False(string.IsNullOrEmpty(reply.Body.GetProperty("error").GetProperty("details").GetString()));
        }
        string J(object o) => JsonSerializer.Serialize(o);

        // Projects: name rules, size rules, uniqueness.
        foreach (var name in new[] { "", "1abc", "-abc", "a--b", "a_b", "a b", "한글", new string('a', 65) })
            await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/projects", J(new { projectName = name, nasVolumeSize = 500 }));
        foreach (var size in new[] { 400, 5100, 550, 0, -500 })
            await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/projects", J(new { projectName = "ok", nasVolumeSize = size }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/projects", J(new { projectName = "ok" }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/projects", J(new { projectName = "ok", nasVolumeSize = "500" }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/projects", "not json");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/projects", "[1]");
        Assert.Equal(0, (await client.GetNsmlAsync("/projects")).Body.GetProperty("totalCount").GetInt32());
        var project = await client.CreateProjectAsync(new string('a', 64));
        await client.CreateProjectAsync("a-b-1");
        await Expect(HttpStatusCode.BadRequest, "20112", "POST", "/projects", J(new { projectName = "a-b-1", nasVolumeSize = 5000 }));
        await Expect(HttpStatusCode.BadRequest, "20111", "PATCH", $"/projects/{project}/nas", J(new { nasVolumeSize = 650 }));
        var resized = await client.SendJsonAsync(HttpMethod.Patch, $"{NsmlCalls.Base}/projects/{project}/nas", J(new { nasVolumeSize = 600 }));
        Assert.Equal(HttpStatusCode.OK, resized.Status);
        Assert.Equal(600, resized.Body.GetProperty("nasVolumeSize").GetInt32());
        Assert.Equal(600, (await client.GetNsmlAsync($"/projects/{project}")).Body.GetProperty("nasVolumeSize").GetInt32());

        // Runs: product, node count, image, command per product kind, envs, block storage, note.
        var runs = $"/projects/{project}/runs";
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(new { nodeCount = 1, imageType = "BASE", imagePath = "nvcr.io/nvidia/mxnet:21.02-py3", command = "true" }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("true", code: 9)));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("true", nodes: 3)));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("true", code: 2, nodes: 2)));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(new { gpuSvrCode = 1, imageType = "BASE", imagePath = "nvcr.io/nvidia/mxnet:21.02-py3", command = "true" }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("true", type: "OTHER")));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("true", image: "ubuntu:22.04")));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("true", type: "CUSTOM", image: "test-image:v1")));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run(null)));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("  ")));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run("jupyter lab", code: 2)));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs, J(Run(42)));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","envs":{"a":"1"},"env":{"b":"2"}}""");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","envs":[1]}""");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","envs":{"a":{"b":1}}}""");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","envs":{"RANK":"5"}}""");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","envs":{"A=B":"5"}}""");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","blockStorageNoList":[1,2]}""");
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","blockStorageNoList":"1"}""");
        await Expect(HttpStatusCode.NotFound, "20110", "POST", "/projects/nosuchproject/runs", J(Run("true")));
        Assert.Equal(0, (await client.GetNsmlAsync("/projects/runs")).Body.GetProperty("totalCount").GetInt32());
        var accepted = await client.SendJsonAsync(HttpMethod.Post, NsmlCalls.Base + runs,
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true","blockStorageNoList":[],"note":"n"}""");
        Assert.Equal(HttpStatusCode.Created, accepted.Status);
        Assert.Equal("1", accepted.Field("runName"));
        await client.WaitForRunAsync(project, "1");

        // Unknown run names and runs of unknown projects are 404.
        await Expect(HttpStatusCode.NotFound, "20110", "GET", $"/projects/{project}/runs/2", "{}");
        await Expect(HttpStatusCode.NotFound, "20110", "GET", $"/projects/{project}/runs/abc", "{}");
        await Expect(HttpStatusCode.NotFound, "20110", "GET", $"/projects/{project}/runs/-1/nodes", "{}");
        await Expect(HttpStatusCode.BadRequest, "20111", "GET", $"/projects/{project}/runs/1/logs?offset=-5", "{}");

        // SSH keys: title rules and key types.
        foreach (var title in new[] { "", "9key", "a--b", "a_b" })
            await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/auth-keys", J(new { title, key = Ed25519 }));
        foreach (var key in new[] { "", "ssh-dss AAAAB3NzaC1kc3MAAACBAP", "ssh-rsa", "ssh-rsa !!!notbase64", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGqCjH1vJ2Kp0XWvLkQ2bQ6D9c4ZzQ1bqv2o0O8p3Yx0" })
            await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/auth-keys", J(new { title = "k", key }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/auth-keys", J(new { key = Ed25519 }));

        // Image repositories: the endpoint must be an NCP Container Registry private endpoint.
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/images/secret", J(new { privateEp = "registry.example.com", accessKey = "a", secretKey = "s" }));
        await Expect(HttpStatusCode.BadRequest, "20111", "POST", "/images/secret", J(new { privateEp = "x.kr.private-ncr.ntruss.com", accessKey = "a" }));
        await Expect(HttpStatusCode.BadRequest, "20111", "DELETE", "/images/secret", "{}");
        await Expect(HttpStatusCode.NotFound, "20110", "DELETE", "/images/secret?privateEp=x.kr.private-ncr.ntruss.com", "{}");
        await Expect(HttpStatusCode.NotFound, "20110", "DELETE", "/auth-keys/title/k/name/nope", "{}");
    }

    [Fact]
    public async Task Catalog_keys_and_repositories_answer_the_documented_shapes()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var client = host.Client;
        var products = await client.GetNsmlAsync("/server-products");
        Assert.Equal(2, products.Body.GetProperty("totalCount").GetInt32());
        var train = products.Body.GetProperty("serverProductList")[0];
        Assert.Equal(1, train.GetProperty("gpuSvrCode").GetInt32());
        Assert.Equal("TRAIN", train.GetProperty("useType").GetString());
        Assert.Equal([1, 2, 4], train.GetProperty("nodeCounts").EnumerateArray().Select(n => n.GetInt32()).ToArray());
        Assert.Equal("local CPU training", train.GetProperty("productName").GetString());
        Assert.False(string.IsNullOrEmpty(train.GetProperty("serverProductCode").GetString()));
        Assert.False(string.IsNullOrEmpty(train.GetProperty("engFullName").GetString()));
        var dev = products.Body.GetProperty("serverProductList")[1];
        Assert.Equal("DEV", dev.GetProperty("useType").GetString());
        Assert.Equal([1], dev.GetProperty("nodeCounts").EnumerateArray().Select(n => n.GetInt32()).ToArray());

        var images = await client.GetNsmlAsync("/images/base");
        Assert.Equal(3, images.Body.GetProperty("totalCount").GetInt32());
        Assert.Contains(images.Body.GetProperty("imageList").EnumerateArray(),
            i => i.GetProperty("name").GetString() == "nvcr.io/nvidia/tensorflow:21.02-tf1-py3" && i.GetProperty("path").GetString() == "nvcr.io/nvidia/tensorflow:21.02-tf1-py3");
        Assert.Equal(0, (await client.GetNsmlAsync("/images/custom")).Body.GetProperty("totalCount").GetInt32());

        var blocks = await client.GetNsmlAsync("/blk-storages?page=1&pageSize=5");
        Assert.Equal(1, blocks.Body.GetProperty("page").GetInt32());
        Assert.Equal(5, blocks.Body.GetProperty("pageSize").GetInt32());
        Assert.Equal(0, blocks.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, blocks.Body.GetProperty("blockStorageMgmtList").GetArrayLength());

        var key = await client.PostNsmlAsync("/auth-keys", new { title = "authkey", key = Ed25519 });
        Assert.Equal(HttpStatusCode.Created, key.Status);
        var name = key.Field("name");
        Assert.Equal(33, name.Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostNsmlAsync("/auth-keys", new { title = "authkey", key = Ed25519 })).Status);
        var keys = await client.GetNsmlAsync("/auth-keys");
        Assert.Equal(1, keys.Body.GetProperty("totalCount").GetInt32());
        var listed = keys.Body.GetProperty("keyList")[0];
        Assert.Equal("authkey", listed.GetProperty("title").GetString());
        Assert.Matches("^([0-9a-f]{2}:){15}[0-9a-f]{2}$", listed.GetProperty("fingerprint").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", listed.GetProperty("createTime").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteNsmlAsync($"/auth-keys/title/authkey/name/{name}")).Status);
        Assert.Equal(0, (await client.GetNsmlAsync("/auth-keys")).Body.GetProperty("totalCount").GetInt32());

        var repository = await client.PostNsmlAsync("/images/secret", new { privateEp = "abc123.kr.private-ncr.ntruss.com", accessKey = "AK1", secretKey = "very-secret" });
        Assert.Equal(HttpStatusCode.Created, repository.Status);
        var credentials = await client.GetNsmlAsync("/images/secret");
        Assert.Equal(1, credentials.Body.GetProperty("totalSize").GetInt32());
        var credential = credentials.Body.GetProperty("dockerCredentials")[0];
        Assert.Equal("abc123.kr.private-ncr.ntruss.com", credential.GetProperty("privateEp").GetString());
        Assert.Equal("AK1", credential.GetProperty("accessKey").GetString());
        Assert.Equal("********", credential.GetProperty("secretKey").GetString());
        Assert.DoesNotContain("very-secret", credentials.Body.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteNsmlAsync("/images/secret?privateEp=abc123.kr.private-ncr.ntruss.com")).Status);
        Assert.Equal(0, (await client.GetNsmlAsync("/images/secret")).Body.GetProperty("totalSize").GetInt32());

        var project = await client.CreateProjectAsync("shapes");
        var detail = await client.GetNsmlAsync($"/projects/{project}");
        Assert.Matches("^[a-z0-9]{20}$", project);
        Assert.Equal("CREATED", detail.Field("status"));
        Assert.Equal("test", detail.Field("note"));
        Assert.Equal(500, detail.Body.GetProperty("nasVolumeSize").GetInt32());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", detail.Field("createdDate"));
        var nas = await client.GetNsmlAsync($"/projects/{project}/nas");
        Assert.Equal(NsmlCalls.Workspace(host, project), nas.Field("nasPath"));
        Assert.True(Directory.Exists(nas.Field("nasPath")));
        Assert.Equal(nas.Field("createdDate"), nas.Field("createDate"));
    }

    [Fact]
    public async Task The_api_gateway_key_is_checked_when_the_operator_configures_keys()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings(new Dictionary<string, string?>
        {
            ["OpenClue:Nsml:ApiKeys:0"] = "gateway-key-1",
        }));
        var missing = await host.Client.GetNsmlAsync("/server-products");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("20101", missing.ErrorCode);
        host.Client.DefaultRequestHeaders.Add("x-ncp-apigw-api-key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetNsmlAsync("/server-products")).Status);
        host.Client.DefaultRequestHeaders.Remove("x-ncp-apigw-api-key");
        host.Client.DefaultRequestHeaders.Add("X-NCP-APIGW-API-KEY", "gateway-key-1");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetNsmlAsync("/server-products")).Status);
        // The signature still comes first: an unsigned request with the right gateway key is refused.
        using var unsigned = host.CreateUnsignedClient();
        unsigned.DefaultRequestHeaders.Add("x-ncp-apigw-api-key", "gateway-key-1");
        var refused = await ApiCalls.ReadAsync(await unsigned.GetAsync("/nsml/v1/server-products"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("20100", refused.ErrorCode);
        // Unknown routes under /nsml answer in NSML's format too.
        Assert.Equal("20110", (await host.Client.GetNsmlAsync("/no-such-route")).ErrorCode);
    }
}
