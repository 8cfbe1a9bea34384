"""The PPO minibatch update of NetworkUpdateBenchmark.cs in PyTorch (CPU), for the side-by-side figure.

64 samples, actor 6->64->64->4 and critic 6->64->64->1 (tanh, CleanRL's layer_init), CleanRL's clipped surrogate,
clipped value loss and entropy bonus, backward, clip_grad_norm_ 0.5, Adam (eps 1e-5). Prints one JSON line.
Usage: python3 pytorch_ppo_update.py UPDATES THREADS
"""
import json
import math
import sys
import time

import torch
from torch import nn
from torch.distributions.categorical import Categorical


def layer_init(layer, std=math.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


def mlp(outputs, std):
    return nn.Sequential(layer_init(nn.Linear(6, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(), layer_init(nn.Linear(64, outputs), std=std))


def main():
    updates, threads = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    actor, critic = mlp(4, 0.01), mlp(1, 1.0)
    parameters = list(actor.parameters()) + list(critic.parameters())
    optimizer = torch.optim.Adam(parameters, lr=2.5e-4, eps=1e-5)
    obs = torch.rand(64, 6) * 2 - 1
    actions = torch.randint(0, 4, (64,))
    with torch.no_grad():
        old_logprob = Categorical(logits=actor(obs)).log_prob(actions)
        old_values = critic(obs).view(-1)
    advantages = torch.randn(64)
    returns = old_values + advantages

    def update():
        dist = Categorical(logits=actor(obs))
        newlogprob, entropy = dist.log_prob(actions), dist.entropy()
        newvalue = critic(obs).view(-1)
        ratio = (newlogprob - old_logprob).exp()
        mb_advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
        pg_loss = torch.max(-mb_advantages * ratio, -mb_advantages * torch.clamp(ratio, 0.8, 1.2)).mean()
        v_clipped = old_values + torch.clamp(newvalue - old_values, -0.2, 0.2)
        v_loss = 0.5 * torch.max((newvalue - returns) ** 2, (v_clipped - returns) ** 2).mean()
        loss = pg_loss - 0.01 * entropy.mean() + 0.5 * v_loss
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(parameters, 0.5)
        optimizer.step()

    for _ in range(max(updates // 10, 10)):
        update()
    start = time.perf_counter()
    for _ in range(updates):
        update()
    elapsed = time.perf_counter() - start
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "updates": updates, "ms_per_update": elapsed * 1000 / updates}))


if __name__ == "__main__":
    main()
