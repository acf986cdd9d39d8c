namespace OpenClue.Deployment.Tests;

/// <summary>
/// Stands in for <c>mcr.microsoft.com/dotnet/aspnet:10.0</c>, which cannot be pulled here: Debian bookworm made with
/// <c>debootstrap</c> (minbase plus what a self-contained .NET server loads: ICU, OpenSSL, CA certificates, time
/// zones), with the official images' non-root user <c>app</c> (UID 1654) and <c>APP_UID</c>. The root filesystem
/// is cached as a tarball between runs on one machine.
/// </summary>
public static class DebianBaseImage
{
    public const string Tag = "openclue-test/debian-base:bookworm";
    private const string Packages = "libicu72,libssl3,ca-certificates,tzdata";
    private static readonly string CacheFile = Path.Combine("/var/cache/openclue-tests", $"debian-bookworm-{Packages.Replace(',', '_')}.tar");

    public static string? Debootstrap() =>
        File.Exists("/usr/sbin/debootstrap") ? "/usr/sbin/debootstrap" : Command.OnPath("debootstrap");

    public static async Task EnsureAsync(DockerEngine docker)
    {
        if ((await docker.RunAsync(["image", "inspect", Tag], TimeSpan.FromSeconds(30))).ExitCode == 0) return;
        if (!File.Exists(CacheFile)) await MakeRootFilesystemAsync();
        await docker.RunOrThrowAsync(["import", "--change", "ENV APP_UID=1654", CacheFile, Tag], TimeSpan.FromMinutes(3), "docker import");
    }

    private static async Task MakeRootFilesystemAsync()
    {
        var work = Path.Combine("/tmp", "ocroot-" + Guid.NewGuid().ToString("N")[..8]);
        var rootfs = Path.Combine(work, "rootfs");
        try
        {
            Directory.CreateDirectory(work);
            (await Command.RunAsync(Debootstrap()!,
                ["--variant=minbase", "--include=" + Packages, "bookworm", rootfs, "http://deb.debian.org/debian"],
                TimeSpan.FromMinutes(10))).EnsureSuccess("debootstrap");
            (await Command.RunAsync("chroot", [rootfs, "useradd", "--uid", "1654", "--user-group", "--no-create-home", "--home-dir", "/app", "app"],
                TimeSpan.FromMinutes(1))).EnsureSuccess("useradd app");
            Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
            var partial = CacheFile + ".partial";
            (await Command.RunAsync("tar", ["-C", rootfs, "-cf", partial, "."], TimeSpan.FromMinutes(5))).EnsureSuccess("tar rootfs");
            File.Move(partial, CacheFile, overwrite: true);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
