using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenClue.Server.Platform.Persistence;

public static class JobResourceMapping
{
    /// <summary>Maps a job-backed resource: its row shares its job's id and is deleted with it.</summary>
    public static EntityTypeBuilder<T> MapJobResource<T>(this EntityTypeBuilder<T> e, string table) where T : class, IJobResource
    {
        e.ToTable(table);
        // By name: the interface's members are not the entity's in an expression.
        e.HasKey(nameof(IJobResource.Id));
        e.HasOne(typeof(JobRecord), nameof(IJobResource.Job)).WithOne()
            .HasForeignKey(typeof(T), nameof(IJobResource.Id))
            .HasPrincipalKey(typeof(JobRecord), nameof(JobRecord.Id))
            .OnDelete(DeleteBehavior.Cascade);
        return e;
    }
}
