using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Models;

/// <summary>How lists and single GETs read a tenant's learned models (a model is itself the model, so no model column).</summary>
public static class ModelTable
{
    public static readonly ResourceTable<ModelRecord> Reads = new(JobKinds.Model, "NCLUE model", "models",
        ["name", "source_bucket", "source_file_path", "dimension", "vocabulary_size", "deprecated_at"],
        static (r, c, key) => new ModelRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), SourceBucket = r.GetString(c + 1),
            SourceFilePath = r.GetString(c + 2), Dimension = Int32(r, c + 3), VocabularySize = Int32(r, c + 4),
            DeprecatedAt = Timestamp(r, c + 5),
        });
}
