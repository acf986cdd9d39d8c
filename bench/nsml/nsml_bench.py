#!/usr/bin/env python3
"""NSML run benchmark (issue 12): runs created and completed per second with a trivial command, and the overhead
from POST to the command's first instruction. Talks to a running server over signed HTTP (signature v2), like any
NSML client; run it through run.sh, which starts a server with a fresh data folder.
"""
import argparse, base64, hashlib, hmac, json, statistics, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor


class Nsml:
    def __init__(self, endpoint, access_key, secret_key):
        self.endpoint, self.access_key, self.secret = endpoint.rstrip('/'), access_key, secret_key.encode()

    def call(self, method, path, body=None):
        path = '/nsml/v1' + path
        ts = str(int(time.time() * 1000))
        message = f'{method} {path}\n{ts}\n{self.access_key}'.encode()
        signature = base64.b64encode(hmac.new(self.secret, message, hashlib.sha256).digest()).decode()
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.endpoint + path, data=data, method=method, headers={
            'x-ncp-apigw-timestamp': ts, 'x-ncp-iam-access-key': self.access_key,
            'x-ncp-apigw-signature-v2': signature, 'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read()
                return json.loads(text) if response.headers.get_content_type() == 'application/json' else text
        except urllib.error.HTTPError as e:
            raise SystemExit(f'{method} {path}: {e.code} {e.read().decode()}')

    def create_run(self, project, command):
        return self.call('POST', f'/projects/{project}/runs', {
            'gpuSvrCode': 1, 'nodeCount': 1, 'imageType': 'BASE', 'imagePath': 'nvcr.io/nvidia/pytorch:21.02-py3', 'command': command})['runName']

    def wait(self, project, run):
        while True:
            status = self.call('GET', f'/projects/{project}/runs/{run}')['status']
            if status not in ('RUN_STATE_PENDING', 'RUN_STATE_IN_PROGRESS'):
                return status
            time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--endpoint', required=True)
    parser.add_argument('--access-key', required=True)
    parser.add_argument('--secret-key', required=True)
    parser.add_argument('--workspace-root', required=True, help='{DataDir}/nsml/workspaces/default')
    parser.add_argument('--overhead-runs', type=int, default=30)
    parser.add_argument('--throughput-runs', type=int, default=200)
    parser.add_argument('--clients', type=int, default=4)
    args = parser.parse_args()
    nsml = Nsml(args.endpoint, args.access_key, args.secret_key)
    project = nsml.call('POST', '/projects', {'projectName': f'bench{int(time.time())}', 'nasVolumeSize': 500})['projectId']
    workspace = f'{args.workspace_root}/{project}'

    # POST -> first instruction: the command's first instruction writes the clock (ns) into the workspace.
    overheads = []
    for i in range(args.overhead_runs):
        sent = time.time_ns()
        run = nsml.create_run(project, f'date +%s%N > started-{i}.txt')
        nsml.wait(project, run)
        with open(f'{workspace}/started-{i}.txt') as f:
            overheads.append((int(f.read().strip()) - sent) / 1e6)
    overheads.sort()

    # Throughput: trivial runs created by several clients at once, until every one has completed.
    start = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        runs = list(pool.map(lambda _: nsml.create_run(project, 'true'), range(args.throughput_runs)))
        statuses = list(pool.map(lambda r: nsml.wait(project, r), runs))
    elapsed = time.perf_counter() - start
    completed = statuses.count('RUN_STATE_COMPLETED')

    result = {
        'overhead_ms': {'runs': len(overheads), 'median': round(statistics.median(overheads), 1),
                        'p90': round(overheads[int(0.9 * (len(overheads) - 1))], 1), 'min': round(overheads[0], 1), 'max': round(overheads[-1], 1)},
        'throughput': {'runs': args.throughput_runs, 'completed': completed, 'clients': args.clients,
                       'seconds': round(elapsed, 2), 'runs_per_second': round(completed / elapsed, 1)},
    }
    print(json.dumps(result, indent=2))
    if completed != args.throughput_runs:
        sys.exit(f'{args.throughput_runs - completed} runs did not complete')


if __name__ == '__main__':
    main()
