# Team notebook image
FROM quay.io/jupyter/base-notebook:notebook-7.2.2 AS base

USER root
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
USER ${NB_UID}

RUN pip install --no-cache-dir "jupyterhub==5.2.1" "mlflow[extras]==2.16.2" scikit-learn==1.5.2
