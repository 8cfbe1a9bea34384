using Microsoft.ML;
using Microsoft.ML.Data;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>An ML.NET binary classifier trained on feature rows; scores are probabilities of the positive class.</summary>
internal sealed class Classifier
{
    /// <summary>One thread per trainer: LightGBM's OpenMP threads spin while waiting, and on a small shared machine
    /// (2 cores) that made a 200-iteration fit on 10,000 rows take minutes instead of seconds; one thread also makes
    /// the trees independent of the machine's core count.</summary>
    private const int Threads = 1;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;

    private Classifier(MLContext ml, ITransformer model, SchemaDefinition schema)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
    }

    public static Classifier Train(ClassifierKind kind, FeatureTable training, int seed)
    {
        var ml = new MLContext(seed);
        var schema = Schema(training.Names.Count);
        var data = ml.Data.LoadFromEnumerable(Rows(training), schema);
        var trainers = ml.BinaryClassification.Trainers;
        IEstimator<ITransformer> estimator = kind switch
        {
            ClassifierKind.Logistic => trainers.LbfgsLogisticRegression(new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = Threads }),
            ClassifierKind.Forest => trainers.FastForest(new Microsoft.ML.Trainers.FastTree.FastForestBinaryTrainer.Options
            {
                NumberOfTrees = 100,
                NumberOfLeaves = 32,
                MinimumExampleCountPerLeaf = 20,
                NumberOfThreads = Threads,
            }),
            ClassifierKind.Boosting => trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = 31,
                NumberOfIterations = 200,
                LearningRate = 0.05,
                MinimumExampleCountPerLeaf = 20,
                Seed = seed,
                NumberOfThreads = Threads,
                Verbose = false,
                Silent = true,
            }),
            ClassifierKind.Svm => trainers.LinearSvm(numberOfIterations: 10).Append(ml.BinaryClassification.Calibrators.Platt()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new Classifier(ml, estimator.Fit(data), schema);
    }

    /// <summary>Per row the predicted probability of sepsis (the raw score where a trainer gives no probability).</summary>
    public double[] Score(FeatureTable table)
    {
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(Rows(table), _schema));
        var column = scored.Schema.GetColumnOrNull("Probability") is not null ? "Probability" : "Score";
        return scored.GetColumn<float>(column).Select(value => (double)value).ToArray();
    }

    private static IEnumerable<Row> Rows(FeatureTable table) => table.Features.Select((features, i) => new Row { Features = features, Label = table.Labels[i] });

    private static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private sealed class Row
    {
        public float[] Features { get; init; } = [];

        public bool Label { get; init; }
    }
}
