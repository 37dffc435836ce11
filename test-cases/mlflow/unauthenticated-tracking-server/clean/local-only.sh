#!/bin/sh
# Personal tracking UI: loopback only.
mlflow ui --port 5000 --backend-store-uri sqlite:///mlruns.db
