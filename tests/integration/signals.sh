#!/bin/bash
echo "not written yet" >&2
exit 1
