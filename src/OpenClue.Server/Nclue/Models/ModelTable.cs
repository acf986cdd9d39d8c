using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Models;

/// <summary>Where learned models are stored: the EF Core mapping for writes, the SQL columns lists and single GETs read (no model column: a model is one).</summary>
public sealed class ModelTable : IEntityTypeConfiguration<ModelRecord>
{
    public static readonly ResourceTable<ModelRecord> Reads = new(ModelsModule.JobKind, "NCLUE model", "models",
        ["name", "source_bucket", "source_file_path", "dimension", "vocabulary_size", "deprecated_at"],
        static (r, c, key) => new ModelRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), SourceBucket = r.GetString(c + 1),
            SourceFilePath = r.GetString(c + 2), Dimension = Int32(r, c + 3), VocabularySize = Int32(r, c + 4),
            DeprecatedAt = Timestamp(r, c + 5),
        });

    public void Configure(EntityTypeBuilder<ModelRecord> e)
    {
        e.MapJobResource("models");
    }
}
