using System.Reflection;
using System.Text.RegularExpressions;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Deployment.Tests;

/// <summary>
/// The kit's files name real settings: every <c>OpenClue__…</c> variable in the Dockerfile, compose.yaml, the
/// Kubernetes manifests, the systemd files and docs/deploy.md is a key of <see cref="OpenClueOptions"/>, and the
/// probes point at the health endpoints the server maps.
/// </summary>
public sealed partial class DeploymentKitTests
{
    private static readonly string[] KitFiles =
    [
        "Dockerfile", "compose.yaml", "deploy/kubernetes/configmap.yaml", "deploy/kubernetes/secret.yaml", "deploy/kubernetes/api.yaml",
        "deploy/kubernetes/worker.yaml", "deploy/systemd/openclue.service", "deploy/systemd/openclue.env", "docs/deploy.md",
    ];

    [Fact]
    public void Every_OpenClue_variable_in_the_kit_is_a_configuration_key()
    {
        var unknown = new List<string>();
        foreach (var file in KitFiles)
            foreach (Match match in Variable().Matches(Repository.Read(file)))
                if (!IsKey(typeof(OpenClueOptions), match.Groups[1].Value.Split("__")))
                    unknown.Add($"{file}: {match.Value}");
        Assert.Empty(unknown);
    }

    [Fact]
    public void Probes_and_the_image_health_check_use_the_health_endpoints()
    {
        foreach (var manifest in new[] { "deploy/kubernetes/api.yaml", "deploy/kubernetes/worker.yaml" })
        {
            var text = Repository.Read(manifest);
            Assert.Matches(@"livenessProbe:\s*\n\s*httpGet: \{ path: /livez", text);
            Assert.Matches(@"readinessProbe:\s*\n\s*httpGet: \{ path: /readyz", text);
        }
        Assert.Contains("GET /readyz HTTP/1.0", Repository.Read("Dockerfile"));
        Assert.Contains("FROM ${RUNTIME_IMAGE}", Repository.Read("Dockerfile"));
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0", Repository.Read("Dockerfile"));
    }

    [Fact]
    public void Compose_runs_an_api_two_workers_postgres_and_minio()
    {
        var compose = Repository.Read("compose.yaml");
        Assert.Matches(@"\n  api:\n(    .*\n)*?    command: \[""--role"", ""api""\]", compose);
        Assert.Matches(@"\n  worker:\n(    .*\n)*?    command: \[""--role"", ""worker""\]\n    deploy:\n      replicas: 2", compose);
        Assert.Matches(@"\n  postgres:\n    image: postgres:", compose);
        Assert.Matches(@"\n  minio:\n    image: minio/minio:", compose);
    }

    private static bool IsKey(Type type, ReadOnlySpan<string> path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null) return false;
        return path.Length == 1 ? IsLeaf(property.PropertyType) : !IsLeaf(property.PropertyType) && IsKey(property.PropertyType, path[1..]);
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal) ||
        Nullable.GetUnderlyingType(type) is not null;

    [GeneratedRegex(@"OpenClue__([A-Za-z]+(?:__[A-Za-z]+)*)")]
    private static partial Regex Variable();
}
