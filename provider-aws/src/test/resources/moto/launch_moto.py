"""Dovetail's moto launcher for the AWS contract tests (our own code; moto is only used as a tool).

Starts moto's ThreadedMotoServer on 127.0.0.1:<port>, seeds the public SSM parameters of the
EKS-optimized AL2 and Bottlerocket AMIs (moto does not have them), and then reads commands on stdin:
  reset   -> reset every moto backend, seed again, answer one JSON line with the seeded parameters
  (EOF)   -> stop the server and exit
Usage: python3 launch_moto.py <port> <region> <k8s-version>
"""
import datetime
import json
import sys
import urllib.request

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends
from moto.server import ThreadedMotoServer
from moto.ssm.models import Parameter, ssm_backends


def paths(version):
    return {
        f"/aws/service/eks/optimized-ami/{version}/amazon-linux-2/recommended/image_id": "x86_64",
        f"/aws/service/eks/optimized-ami/{version}/amazon-linux-2-gpu/recommended/image_id": "x86_64",
        f"/aws/service/eks/optimized-ami/{version}/amazon-linux-2-arm64/recommended/image_id": "arm64",
        f"/aws/service/bottlerocket/aws-k8s-{version}/x86_64/latest/image_id": "x86_64",
        f"/aws/service/bottlerocket/aws-k8s-{version}/arm64/latest/image_id": "arm64",
    }


def seed(region, version):
    amis = list(ec2_backends[DEFAULT_ACCOUNT_ID][region].amis.values())
    by_arch = {}
    for ami in amis:
        by_arch.setdefault(getattr(ami, "architecture", "x86_64"), ami.id)
    fallback = amis[0].id if amis else "ami-00000000000000000"
    backend = ssm_backends[DEFAULT_ACCOUNT_ID][region]
    seeded = {}
    for name, arch in paths(version).items():
        image = by_arch.get(arch, fallback)
        backend._parameters[name].append(
            Parameter(
                account_id=DEFAULT_ACCOUNT_ID,
                name=name,
                value=image,
                parameter_type="String",
                description=None,
                allowed_pattern=None,
                keyid=None,
                last_modified_date=datetime.datetime.now(),
                version=1,
                data_type="text",
            )
        )
        seeded[name] = image
    return seeded


def main():
    port, region, version = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print(json.dumps(seed(region, version)), flush=True)
    for line in sys.stdin:
        if line.strip() == "reset":
            req = urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST")
            urllib.request.urlopen(req).read()
            print(json.dumps(seed(region, version)), flush=True)
    server.stop()


if __name__ == "__main__":
    main()
