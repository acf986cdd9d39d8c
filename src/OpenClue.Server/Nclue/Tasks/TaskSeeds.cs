namespace OpenClue.Server.Nclue.Tasks;

public static class TaskSeeds
{
    /// <summary>Deterministic per resource id: identical artifacts for the same id and data.</summary>
    public static int Of(string id) => OpenClue.Modeling.Learning.TaskTrainer.SeedFromTaskId(id);
}
