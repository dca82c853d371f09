// The Billing page's chart: billed amounts per month, stacked by customer (Chart.js). The same numbers are in the
// table beside it, so the page says everything without this script.
const source = document.getElementById("billed-data");
if (source && window.Chart) {
  const data = JSON.parse(source.textContent);
  new Chart(document.getElementById("billed-chart"), {
    type: "bar",
    data,
    options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
}
