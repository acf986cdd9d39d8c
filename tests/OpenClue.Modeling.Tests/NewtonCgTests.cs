using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>The truncated-Newton solver (<see cref="NewtonCg"/>) and the objective's Hessian products it relies on.</summary>
public class NewtonCgTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    private static (LinearDesign Design, int[] Train, (int, int) Excluded, double[] Penalty) Problem()
    {
        var users = Synthetic.Users(400, 17, "n");
        var data = new TaskData(HashBehaviorEncoder.VectorDimension);
        using (var reader = Synthetic.Open(Synthetic.Features(Hash, users))())
        {
            var user = new UserFeatures();
            for (int i = 0; reader.TryRead(user); i++) data.Add(user, users[i].Label);
        }
        SelectionSample sample = SelectionSample.Draw(data, Enumerable.Range(0, data.Count).ToArray(), 12_000, 3, 5);
        var settings = new LinearSettings { EvidenceWeighting = false, KindPenalty = TaskTrainer.DefaultKindPenalty };
        // Dense columns included so that their part of the products is checked too.
        LinearDesign design = LinearDesign.Build(data, sample.Rows, includeDense: true, rowMajor: false, settings);
        int[] train = sample.TrainOf[1];
        return (design, train, sample.Excluded(1), settings.Penalty(design, train)!);
    }

    [Fact]
    public void The_Hessian_vector_product_is_the_gradients_directional_derivative()
    {
        (LinearDesign design, int[] train, (int, int) excluded, double[] penalty) = Problem();
        var objective = new SparseLogisticObjective(design, train, 4, penalty, excluded);
        int n = design.ParameterCount;
        var r = new Random(3);
        double[] x = Enumerable.Range(0, n).Select(_ => r.NextDouble() - 0.5).ToArray();
        double[] v = Enumerable.Range(0, n).Select(_ => r.NextDouble() - 0.5).ToArray();
        const double h = 1e-5;
        double[] plus = new double[n], minus = new double[n], g = new double[n], hv = new double[n], diagonal = new double[n];
        objective.Evaluate(x.Zip(v, (a, b) => a + h * b).ToArray(), plus);
        objective.Evaluate(x.Zip(v, (a, b) => a - h * b).ToArray(), minus);
        objective.Evaluate(x, g); // the products are taken at the last evaluated point
        objective.HessianVector(v, hv);
        double scale = hv.Max(Math.Abs);
        Assert.True(scale > 1e-6);
        for (int j = 0; j < n; j++) Assert.True(Math.Abs((plus[j] - minus[j]) / (2 * h) - hv[j]) <= 1e-6 * scale + 1e-9, $"entry {j}");

        objective.HessianDiagonal(diagonal);
        var unit = new double[n];
        var column = new double[n];
        foreach (int j in new[] { 0, design.SparseColumns / 2, design.SparseColumns - 1, design.SparseColumns + 7, n - 1 })
        {
            unit[j] = 1;
            objective.HessianVector(unit, column);
            unit[j] = 0;
            Assert.Equal(column[j], diagonal[j], 1e-12);
        }
    }

    [Fact]
    public void Converges_to_the_same_optimum_as_LBFGS_and_is_deterministic()
    {
        (LinearDesign design, int[] train, (int, int) excluded, double[] penalty) = Problem();
        foreach (double c in new[] { 1.0 / 16, 32 })
        {
            var objective = new SparseLogisticObjective(design, train, c, penalty, excluded);
            int n = design.ParameterCount;
            double[] reference = new double[n], newton = new double[n], again = new double[n], g = new double[n];
            Lbfgs.Minimize(objective.Evaluate, reference, maxIterations: 5_000, gradientTolerance: 1e-10, memory: 20, functionTolerance: 0);
            double best = objective.Evaluate(reference, g);
            (int iterations, int passes, bool converged) = NewtonCg.Minimize(objective.Evaluate, objective.HessianVector, objective.HessianDiagonal, newton, 2_000, 1e-10, 0);
            double reached = objective.Evaluate(newton, g);
            Assert.True(converged && iterations > 1 && passes > iterations);
            Assert.True(Math.Abs(reached - best) <= 1e-10 * Math.Abs(best), $"C={c}: newton {reached:R}, L-BFGS {best:R}");
            double size = reference.Max(Math.Abs);
            for (int j = 0; j < n; j++) Assert.True(Math.Abs(newton[j] - reference[j]) <= 1e-4 * size, $"C={c}, parameter {j}: {newton[j]} vs {reference[j]}");

            NewtonCg.Minimize(objective.Evaluate, objective.HessianVector, objective.HessianDiagonal, again, 2_000, 1e-10, 0);
            Assert.Equal(newton, again);
        }
    }
}
