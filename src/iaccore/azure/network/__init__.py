"""(package in progress)"""
