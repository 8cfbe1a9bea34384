using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>polypharmacy's own metadata of a reset or step; field meanings are in <see cref="PolypharmacySchemas.Info"/>.</summary>
internal sealed record PolypharmacyInfo(double RawReward, bool ActionValid, int InvalidActions, string RewardMode) : IJsonFields
{
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteFloat("raw_reward", RawReward);
        writer.WriteBoolean("action_valid", ActionValid);
        writer.WriteNumber("invalid_actions", InvalidActions);
        writer.WriteString("reward_mode", RewardMode);
    }
}
