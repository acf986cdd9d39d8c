using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// One container per node through the Docker Engine API: the run's <c>imagePath</c> mapped to a local image
/// (<c>Nsml:Docker:Images</c>), the project's workspace bind-mounted at <c>/workspace</c> and no other host path,
/// the configured network, and labels (worker, tenant, project, run, rank) by which a restarted worker finds its own.
/// </summary>
public sealed class DockerExecutor(NsmlOptions options, WorkerIdentity identity, ILogger<DockerExecutor> log) : INodeExecutor, IDisposable
{
    public const string WorkspaceMount = "/workspace";
    public const string WorkerLabel = "openclue.nsml.worker";

    private readonly DockerClient _docker = new DockerClientConfiguration(new Uri(options.Docker.Endpoint)).CreateClient();

    public async Task<IRunningNode> StartAsync(NodeLaunch launch, NodeOutput output, CancellationToken ct)
    {
        var image = options.Docker.Images.FirstOrDefault(m => m.ImagePath == launch.ImagePath)?.LocalImage ?? launch.ImagePath;
        try
        {
            await _docker.Images.InspectImageAsync(image, ct);
        }
        catch (DockerImageNotFoundException)
        {
            throw new InvalidOperationException($"The image {image} (for {launch.ImagePath}) is not on this worker's Docker daemon; " +
                "load it there (docker load / docker import) or map the image path in OpenClue:Nsml:Docker:Images.");
        }
        var env = new List<string> { "PATH=" + options.RunPath, "HOME=" + WorkspaceMount };
        foreach (var (name, value) in launch.Variables) env.Add(name + "=" + value);
        var created = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"openclue-nsml-{launch.ProjectId}-{launch.RunName}-{launch.Rank}-{launch.Attempt}-{Guid.NewGuid():N}"[..63],
            Image = image,
            Cmd = [options.Shell, "-c", launch.Command],
            Env = env,
            WorkingDir = WorkspaceMount,
            User = options.RunAsUser,
            Labels = new Dictionary<string, string>
            {
                [WorkerLabel] = identity.Name,
                ["openclue.nsml.tenant"] = launch.TenantId,
                ["openclue.nsml.project"] = launch.ProjectId,
                ["openclue.nsml.run"] = launch.RunName,
                ["openclue.nsml.rank"] = launch.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            HostConfig = new HostConfig
            {
                Binds = [$"{launch.Workspace}:{WorkspaceMount}"],
                NetworkMode = options.Docker.Network,
                Init = true, // PID 1 reaps and forwards TERM, so a stop reaches the command's whole tree
            },
        }, ct);
        try
        {
            await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            // The daemon keeps the whole output, so following it from here still begins at the first byte.
            var logs = await _docker.Containers.GetContainerLogsAsync(created.ID, tty: false,
                new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, CancellationToken.None);
            return new RunningContainer(_docker, created.ID, logs, output, log);
        }
        catch
        {
            await _docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            throw;
        }
    }

    public async Task KillLeftoversAsync(CancellationToken ct)
    {
        var mine = await _docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{WorkerLabel}={identity.Name}"] = true } },
        }, ct);
        foreach (var container in mine)
        {
            log.LogWarning("Removing container {Container} left by an earlier process of this worker", container.ID);
            await _docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, ct);
        }
    }

    public void Dispose() => _docker.Dispose();

    private sealed class RunningContainer : IRunningNode
    {
        private readonly DockerClient _docker;

        public RunningContainer(DockerClient docker, string id, MultiplexedStream logs, NodeOutput output, ILogger log)
        {
            _docker = docker;
            ContainerId = id;
            Exited = WatchAsync(logs, output, log);
        }

        public int? Pid => null;
        public long? PidStart => null;
        public string? ContainerId { get; }
        public Task<int> Exited { get; }

        private async Task<int> WatchAsync(MultiplexedStream logs, NodeOutput output, ILogger log)
        {
            var pump = PumpAsync(logs, output);
            var result = await _docker.Containers.WaitContainerAsync(ContainerId, CancellationToken.None);
            await pump.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
            logs.Dispose();
            try
            {
                await _docker.Containers.RemoveContainerAsync(ContainerId, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            }
            catch (DockerApiException ex)
            {
                log.LogWarning(ex, "Could not remove container {Container}", ContainerId);
            }
            return (int)result.StatusCode;
        }

        private static async Task PumpAsync(MultiplexedStream logs, NodeOutput output)
        {
            var buffer = new byte[16 << 10];
            try
            {
                while (true)
                {
                    var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (read.EOF) return;
                    output.Write(buffer.AsSpan(0, read.Count));
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }

        public async Task StopAsync(TimeSpan grace)
        {
            try
            {
                await _docker.Containers.StopContainerAsync(ContainerId,
                    new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Max(1, grace.TotalSeconds) }, CancellationToken.None);
            }
            catch (DockerContainerNotFoundException) { }
            await Exited;
        }
    }
}
