namespace EnvServer.Training.SepsisPrediction;

/// <summary>The seed's four classifiers, as ML.NET trains them.</summary>
internal enum ClassifierKind
{
    /// <summary>Logistic regression fit with L-BFGS.</summary>
    Logistic,

    /// <summary>Random forest (ML.NET FastForest).</summary>
    Forest,

    /// <summary>Gradient-boosted trees with LightGBM, standing in for the seed's XGBoost, which has no .NET package here.</summary>
    Boosting,

    /// <summary>Linear SVM with Platt calibration on its training rows, so that it gives probabilities.</summary>
    Svm,
}

/// <summary>How balancing fills the minority class of the training rows.</summary>
internal enum BalancingKind
{
    None,
    Oversample,
    Gan,
}
