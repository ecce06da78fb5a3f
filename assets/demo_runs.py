#!/usr/bin/env python3
"""Regenerates the run history of assets/demo.toml (the `runs = [...]` lists between the
`# runs of ORG/WS` and `# end of runs of ORG/WS` markers), so the demo's Runs screen and
credits view have something to show.

    python3 assets/demo_runs.py            # rewrites assets/demo.toml in place

The output is deterministic (fixed seed, fixed end date). Runs on Seqera Compute spend credits
(0.1 per CPU-hour, 0.025 per GiB-hour); the script keeps each workspace's spend well inside its
allocation in the file, and the org's unallocated spend inside its pool.
"""

import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEMO = Path(__file__).with_name("demo.toml")
END = datetime(2026, 11, 21, 18, 0, tzinfo=timezone.utc)
DAYS = 42
SEED = 20261121

ADJECTIVES = """agitated amazing angry awesome berserk boring clever cranky curious distracted
ecstatic elated exotic fabulous focused friendly furious gigantic goofy happy hopeful hungry
jolly jovial lonely loving modest nice nostalgic peaceful pensive pedantic prickly reverent
romantic sad serene sharp sick silly sleepy small soggy special stoic stupefied suspicious
tender thirsty tiny trusting zen astonishing backstabbing boring_old""".split()
SCIENTISTS = """agnesi albattani allen almeida archimedes ardinghelli aryabhata austin babbage
banach bardeen bartik bassi bell bhabha bhaskara blackwell bohr booth borg bose boyd brahmagupta
brattain brown carson chandrasekhar curie darwin davinci dijkstra einstein elion engelbart
euclid euler fermat fermi feynman franklin galileo goldberg goodall hawking heisenberg hodgkin
hoover hopper hypatia jang jennings jepsen joliot jones kalam kare keller kepler khorana kilby
kirch knuth kowalevski lalande lamarr leakey leavitt lovelace lumiere mayer mccarthy mcclintock
meitner mendel meninsky mestorf minsky mirzakhani morse murdock newton nightingale nobel noether
pare pasteur payne perlman pike poincare poitras ptolemy raman ramanujan ride ritchie roentgen
rosalind saha sammet shannon shockley sinoussi snyder spence stallman stonebraker swanson
swartz swirles tesla thompson torvalds turing varahamihira visvesvaraya volhard wescoff wiles
williams wilson wing wozniak wright yalow yonath""".split()

# pipeline reference -> (median hours, tasks, CPU-hours per task, seqera compute?)
PROFILES = {
    "rnaseq": (5.0, 420, 0.45, False),
    "sarek": (14.0, 900, 0.12, True),
    "scrnaseq": (3.5, 180, 0.5, False),
    "ampliseq": (1.6, 90, 0.3, False),
    "viralrecon": (2.2, 260, 0.2, False),
    "rnaseq-atlas": (6.5, 520, 0.4, False),
    "differentialabundance": (0.4, 24, 0.2, False),
    "scrnaseq-lung": (4.0, 210, 0.55, False),
    "hello": (0.02, 4, 0.01, False),
    "nf-core-demo": (0.15, 12, 0.05, False),
    "demultiplex": (1.8, 60, 0.6, False),
    "fetchngs": (0.7, 40, 0.12, True),
    "mag": (11.0, 380, 0.6, False),
    "taxprofiler": (3.0, 150, 0.35, False),
}

# org/ws -> (allocation or None, [(pipeline reference, weight)], users, number of runs)
WORKSPACES = {
    ("biolab", "shared-pipelines"): (800, [
        ("rnaseq", 5), ("sarek", 2), ("scrnaseq", 2), ("ampliseq", 2), ("viralrecon", 2),
    ], ["chen", "eli", "dana", "ana"], 90),
    ("biolab", "rnaseq"): (300, [
        ("rnaseq-atlas", 6), ("differentialabundance", 3), ("shared-pipelines/rnaseq", 3),
        ("shared-pipelines/sarek", 1),
    ], ["fatima", "dana", "chen", "max"], 80),
    ("biolab", "single-cell"): (150, [
        ("scrnaseq-lung", 5), ("shared-pipelines/scrnaseq", 3), ("shared-pipelines/sarek", 1),
    ], ["gus", "hana"], 50),
    ("biolab", "sandbox"): (None, [
        ("hello", 3), ("nf-core-demo", 3), ("shared-pipelines/ampliseq", 1),
    ], ["eli", "fatima"], 26),
    ("genomics-core", "sequencing"): (120, [
        ("demultiplex", 5), ("fetchngs", 2),
    ], ["kim", "jo"], 55),
    ("genomics-core", "qc"): (None, [("mag", 1), ("taxprofiler", 2)], ["lee", "jo"], 30),
}

ERRORS = [
    "Process `{p}:ALIGN (S{n})` terminated with an error exit status (137)",
    "Process `{p}:FASTQC (S{n})` terminated with an error exit status (1)",
    "Cannot find a matching reference genome in the samplesheet",
    "Task failed to start: spot instance reclaimed three times",
    "Process `{p}:MULTIQC` terminated with an error exit status (2)",
]


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def number(x):
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


class Generator:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.names = set()

    def run_name(self):
        while True:
            name = f"{self.rng.choice(ADJECTIVES)}_{self.rng.choice(SCIENTISTS)}"
            if name not in self.names:
                self.names.add(name)
                return name

    def status(self, age_hours):
        r = self.rng.random()
        if age_hours < 8:
            return "SUBMITTED" if r < 0.35 else "RUNNING"
        if age_hours < 36 and r < 0.4:
            return "RUNNING" if r < 0.25 else "UNKNOWN"
        if r < 0.78:
            return "SUCCEEDED"
        if r < 0.93:
            return "FAILED"
        return "CANCELLED"

    def run(self, pipeline, user, submit, status, budget):
        name = pipeline.split("/")[-1]
        hours, tasks, cpu_per_task, seqera = PROFILES[name]
        fields = [f'pipeline = "{pipeline}"', f'run_name = "{self.run_name()}"',
                  f'status = "{status}"', f'submit = "{fmt(submit)}"']
        if status == "SUBMITTED":
            fields.append(f'user = "{user}"')
            return fields, 0.0
        start = submit + timedelta(minutes=self.rng.randint(1, 12))
        if start != submit:
            fields.append(f'start = "{fmt(start)}"')
        scale = self.rng.uniform(0.6, 1.5)
        total = max(2, int(tasks * scale))
        done_share = {"SUCCEEDED": 1.0, "FAILED": self.rng.uniform(0.2, 0.9),
                      "CANCELLED": self.rng.uniform(0.05, 0.6),
                      "RUNNING": self.rng.uniform(0.05, 0.8),
                      "UNKNOWN": self.rng.uniform(0.3, 0.7)}[status]
        finished = int(total * done_share)
        cached = int(finished * self.rng.choice([0, 0, 0, 0.1, 0.3]))
        counters = {"succeeded": finished - cached, "cached": cached}
        if status == "FAILED":
            counters["failed"] = self.rng.randint(1, 3)
        if status in ("RUNNING", "UNKNOWN"):
            counters["running"] = self.rng.randint(1, 12)
            counters["pending"] = max(0, total - finished - counters["running"])
        cpu = round(counters["succeeded"] * cpu_per_task * self.rng.uniform(0.8, 1.2), 1)
        gib = round(cpu * self.rng.uniform(3.0, 5.0), 1)
        cost = cpu * 0.1 + gib * 0.025
        if seqera and cost > budget:
            shrink = budget / cost if cost else 0
            cpu, gib = round(cpu * shrink, 1), round(gib * shrink, 1)
            cost = cpu * 0.1 + gib * 0.025
        if status in ("SUCCEEDED", "FAILED", "CANCELLED"):
            share = done_share if status != "SUCCEEDED" else 1.0
            duration = int(hours * 3600 * scale * max(share, 0.05))
            fields.append(f"duration_s = {max(duration, 20)}")
        fields.append(f'user = "{user}"')
        fields += [f"{k} = {v}" for k, v in counters.items() if v]
        if cpu > 0:
            fields += [f"cpu_hours = {number(cpu)}", f"gib_hours = {number(gib)}"]
        if status == "FAILED":
            message = self.rng.choice(ERRORS).format(p=name.upper().replace("-", "_"),
                                                     n=self.rng.randint(1, 24))
            fields += ["exit_status = 1", f'error_message = "{message}"']
        return fields, cost if seqera else 0.0

    def workspace(self, allocation, pipelines, users, count):
        refs = [p for p, w in pipelines for _ in range(w)]
        # Seqera Compute runs may spend at most 70% of the allocation (or 100 credits of the
        # org's pool for a workspace without one).
        budget = (allocation or 100) * 0.7
        # Most runs spread over the last weeks; a few from today, still queued or running.
        ages = [self.rng.uniform(0, DAYS * 24) for _ in range(count - 4)]
        ages += [self.rng.uniform(0.2, 8) for _ in range(3)] + [self.rng.uniform(8, 36)]
        times = sorted(END - timedelta(hours=age) for age in ages)
        lines = []
        for submit in times:
            submit = submit.replace(second=0, microsecond=0)
            age = (END - submit).total_seconds() / 3600
            fields, cost = self.run(self.rng.choice(refs), self.rng.choice(users), submit,
                                    self.status(age), budget / 4)
            budget -= cost
            lines.append("  { " + ", ".join(fields) + " },")
        return lines


def special_runs():
    """Runs that exercise the rarer shapes: an older revision, a run on the disabled local
    environment, and runs Nextflow reported itself (no pipeline, no compute env)."""
    return {
        ("biolab", "rnaseq"): [
            '  { pipeline = "rnaseq-atlas", run_name = "pensive_mcclintock", status = "SUCCEEDED", '
            'submit = "2026-10-12T09:30:00Z", duration_s = 24310, user = "fatima", succeeded = 498, '
            'cpu_hours = 201.5, gib_hours = 804, revision = "3.13.2" },',
            '  { pipeline = "rnaseq-atlas", run_name = "sleepy_franklin", status = "FAILED", '
            'submit = "2026-10-14T16:05:00Z", duration_s = 95, user = "dana", failed = 1, '
            'compute_env = "local-dev", exit_status = 1, '
            'error_message = "Apptainer is not installed on the local machine" },',
        ],
        ("biolab", "sandbox"): [
            '  { project = "nf-core/fetchngs", repository = "https://github.com/nf-core/fetchngs", '
            'run_name = "curious_hopper", status = "SUCCEEDED", submit = "2026-11-02T11:20:00Z", '
            'duration_s = 1240, user = "eli", succeeded = 38, cpu_hours = 2.1, gib_hours = 6.4, '
            'compute_env = "", revision = "1.12.0", profiles = ["test", "docker"] },',
            '  { project = "seqeralabs/nf-aggregate", run_name = "jolly_noether", status = "FAILED", '
            'submit = "2026-11-18T15:45:00Z", duration_s = 310, user = "fatima", succeeded = 3, '
            'failed = 1, compute_env = "", exit_status = 1, '
            'error_message = "No such file: ids.txt" },',
        ],
    }


def main():
    text = DEMO.read_text()
    gen = Generator()
    extra = special_runs()
    total = 0
    for (org, ws), (allocation, pipelines, users, count) in WORKSPACES.items():
        lines = gen.workspace(allocation, pipelines, users, count) + extra.get((org, ws), [])
        total += len(lines)
        block = "runs = [\n" + "\n".join(lines) + "\n]\n"
        pattern = re.compile(
            rf"(# runs of {re.escape(org)}/{re.escape(ws)}: generated by assets/demo_runs.py\n)"
            rf".*?(# end of runs of {re.escape(org)}/{re.escape(ws)}\n)",
            re.S,
        )
        text, n = pattern.subn(lambda m: m.group(1) + block + m.group(2), text)
        if n != 1:
            raise SystemExit(f"no run markers for {org}/{ws} in {DEMO}")
    DEMO.write_text(text)
    print(f"{total} runs written to {DEMO}")


if __name__ == "__main__":
    main()
