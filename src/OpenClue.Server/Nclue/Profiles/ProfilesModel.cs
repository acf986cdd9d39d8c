using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>The EF mapping of the profile tables (migration 0007); columns are snake_case like every other table.</summary>
public static class ProfilesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<CustomAttributeProfileRecord>(e =>
        {
            e.ToTable("custom_attribute_profiles");
            MapResource(e);
        });
        b.Entity<ShoppingIntentProfileRecord>(e =>
        {
            e.ToTable("shopping_intent_profiles");
            MapResource(e);
        });
    }

    private static void MapResource<T>(EntityTypeBuilder<T> e) where T : class, IModelBoundResource
    {
        e.HasKey(nameof(IJobResource.Id));
        e.HasOne(typeof(JobRecord), nameof(IJobResource.Job)).WithOne()
            .HasForeignKey(typeof(T), nameof(IJobResource.Id))
            .HasPrincipalKey(typeof(JobRecord), nameof(JobRecord.Id))
            .OnDelete(DeleteBehavior.Cascade);
        e.Property(nameof(IModelBoundResource.ModelName)).HasColumnName("nclue_model_name");
    }
}
